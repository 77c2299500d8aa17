using System.Globalization;
using Grpc.Net.Client;
using Wickr.Cluster.LoadTest.Metrics;
using Wickr.Cluster.LoadTest.Running;
using Wickr.Cluster.Testing;

namespace Wickr.Cluster.LoadTest.SlowBodies;

/// <summary>
/// Issue 22's slow-bodies attack replayed against a gateway process: unary calls that announce a large message, send
/// 1 KB of it and then nothing (<see cref="SlowBodiesAttack"/>), with a registered device served beside them
/// (<see cref="Victim"/>). The gateway's resident memory is read before, sampled every 250 ms for the peak while the
/// calls are held, and read again once the gateway cut them all. Fails (exit 1) when the growth (peak − before) is
/// above <see cref="SlowBodiesOptions.MaxGrowthBytes"/>, when the victim was not served, or when the gateway left a
/// call open.
/// </summary>
internal static class SlowBodiesRun
{
    private const double MiB = 1024 * 1024;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    // How long after the hold the gateway has to cut the calls still open (its RequestBodyTimeout is 10 s by default).
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <param name="gatewaySettings">Environment variables of the embedded gateway on top of its defaults.</param>
    public static async Task<int> RunAsync(SlowBodiesOptions options, IReadOnlyDictionary<string, string> gatewaySettings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (options.Target is { } target)
        {
            using var channel = GrpcChannel.ForAddress(target);
            return await AttackAsync(options, target, options.GatewayPid!.Value, channel, output, error, cancellationToken);
        }

        // The harness lifts the per-source cap for tests whose clients all share loopback; the attack meets the default.
        var gateway = new Dictionary<string, string> { ["Gateway__Connections__MaxConnectionsPerSource"] = HostProcess.Unset };
        foreach (var (key, value) in gatewaySettings)
        {
            gateway[key] = value;
        }
        output.WriteLine(gatewaySettings.Count == 0
            ? "starting a silo process and a gateway process (default settings) on loopback ..."
            : "starting a silo process and a gateway process on loopback, the gateway with " + string.Join(", ", gatewaySettings.Select(s => $"{s.Key}={s.Value}")) + " ...");
        await using var cluster = await TestCluster.StartAsync(new ClusterSettings { Gateway = gateway });
        var pid = cluster.Gateway.HostProcessId ?? throw new InvalidOperationException("the gateway process is not running");
        var address = await cluster.Gateway.AddressAsync(HostProcess.GatewayUrls, StartTimeout);
        return await AttackAsync(options, address, pid, cluster.Channel, output, error, cancellationToken);
    }

    private static async Task<int> AttackAsync(
        SlowBodiesOptions options, Uri gateway, int pid, GrpcChannel victimChannel, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var c = CultureInfo.InvariantCulture;
        Victim victim;
        try
        {
            victim = await Victim.RegisterAsync(victimChannel, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await error.WriteLineAsync("the victim device could not register: " + ex.Message);
            return LoadExitCodes.SetupFailed;
        }
        await using var _ = victim;

        output.WriteLine(string.Create(c,
            $"slow bodies: {options.Connections} connections x {options.Streams} unfinished calls from {options.Sources} sources, held {options.Hold.TotalSeconds:0.#} s, against {gateway} (pid {pid})"));
        var rss = new RssSampler(pid);
        var before = await rss.SettledAsync(10, cancellationToken);
        output.WriteLine(string.Create(c, $"before: gateway RSS {before / MiB:0.0} MiB"));

        var tally = new CallTally();
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = rss.RunAsync(TimeSpan.FromMilliseconds(250), sampling.Token);
        var served = victim.RunAsync(sampling.Token);
        var progress = ProgressAsync(tally, rss, output, sampling.Token);
        using (var attack = new SlowBodiesAttack(options, gateway, tally))
        {
            var calls = attack.RunAsync();
            if (await Task.WhenAny(calls, Task.Delay(options.Hold + Patience, cancellationToken)) != calls)
            {
                await attack.GiveUpAsync();
            }
            await calls;
        }
        await sampling.CancelAsync();
        await Task.WhenAll(sampler, served, progress);
        cancellationToken.ThrowIfCancellationRequested();
        var peak = Math.Max(rss.Peak, before);
        var after = await rss.SettledAsync(10, cancellationToken);

        var growth = peak - before;
        var latency = victim.Served.Summary();
        var cutAfter = tally.CutAfter.Summary();
        output.WriteLine();
        output.WriteLine("| calls opened | reached the gateway | cut (reset) | refused at connect | answered | left open | no stream granted | most held at once | cut after p50 / max | victim ok | victim failed | victim p50 / p99 | gateway RSS before / peak / after | growth |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        output.WriteLine(string.Create(c,
            $"| {tally.Opened} | {tally.Reached} | {tally.Cut} | {tally.Refused} | {tally.Answered} | {tally.LeftOpen} | {tally.NoStream} | {tally.PeakWaiting} | {cutAfter.P50 / 1000:0.0} / {cutAfter.Max / 1000:0.0} s | {latency.Count} | {victim.Failed} | {latency.P50:0.0} / {latency.P99:0.0} ms | {before / MiB:0.0} / {peak / MiB:0.0} / {after / MiB:0.0} MiB | {growth / MiB:0.0} MiB |"));

        var failures = new List<string>();
        if (growth > options.MaxGrowthBytes)
        {
            failures.Add(string.Create(c, $"the gateway grew {growth / MiB:0.0} MiB, more than --max-growth {options.MaxGrowthBytes / MiB:0.0} MiB"));
        }
        if (tally.Reached == 0)
        {
            failures.Add("no call reached the gateway: the attack was not played");
        }
        if (tally.LeftOpen > 0)
        {
            failures.Add($"{tally.LeftOpen} calls were still open {Patience.TotalSeconds:0} s after the hold: the gateway did not cut them");
        }
        if (victim.Failed > 0 || latency.Count == 0)
        {
            failures.Add($"the victim was not served: {latency.Count} calls ok, {victim.Failed} failed{(victim.LastFailure is { } last ? " (last: " + last + ")" : "")}");
        }
        foreach (var failure in failures)
        {
            output.WriteLine("FAILED: " + failure);
        }
        return failures.Count == 0 ? LoadExitCodes.Ok : LoadExitCodes.SloBroken;
    }

    // A line every 5 s: how many calls the gateway holds and its memory now.
    private static async Task ProgressAsync(CallTally tally, RssSampler rss, TextWriter output, CancellationToken stop)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {clock.Elapsed.TotalSeconds:0} s: {tally.Waiting} calls held, {tally.Cut} cut, {tally.Refused} refused; gateway RSS {rss.Last / MiB:0.0} MiB (peak {rss.Peak / MiB:0.0})"));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
