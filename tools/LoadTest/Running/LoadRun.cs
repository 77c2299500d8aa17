using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Wickr.Cluster.LoadTest.Metrics;
using Wickr.Cluster.LoadTest.Population;
using Wickr.Cluster.LoadTest.Reporting;
using Wickr.Cluster.LoadTest.Scenarios;
using Wickr.Cluster.LoadTest.Target;

namespace Wickr.Cluster.LoadTest.Running;

/// <summary>
/// One run from start to report: the cluster (embedded or given), the device population, the open-loop schedule
/// with a sample every second, then report.json, seconds.csv and the plots in the output folder.
/// </summary>
internal static class LoadRun
{
    /// <summary>Most time given to operations still in flight when the schedule ends.</summary>
    public static readonly TimeSpan Drain = TimeSpan.FromSeconds(15);

    /// <summary>Room-burst: a message's first SendPacket call → the last of its packets accepted by the cluster.</summary>
    public const string AcceptLatency = "accept";

    /// <summary>Room-burst: a message's first SendPacket call → its packet on an online device's stream, before decoding.</summary>
    public const string ArrivalLatency = "arrival";

    /// <summary>Runs <paramref name="scenario"/> and writes its report into <paramref name="outputFolder"/>. Throws <see cref="SetupException"/> when it cannot start.</summary>
    public static async Task<RunReport> RunAsync(
        Scenario scenario, TargetOptions target, string outputFolder, IReadOnlyList<Slo> slos, IRunView view, CancellationToken cancellationToken)
    {
        IEmbeddedCluster? embedded = null;
        Testing.LocalCluster? local = null;
        try
        {
            var gateways = target.Gateways;
            if (target.LocalCluster is { } spec)
            {
                local = await StartLocalClusterAsync(spec, scenario, view);
                gateways = local.GatewayAddresses;
            }
            else if (target.Embedded != EmbeddedMode.None)
            {
                view.Status($"starting an embedded silo ({(target.Embedded == EmbeddedMode.Process ? "child process" : "in this process")}) ...");
                var settings = EmbeddedSettings(scenario);
                embedded = target.Embedded == EmbeddedMode.Process
                    ? await ChildProcessSilo.StartAsync(settings, cancellationToken)
                    : await InProcessSilo.StartAsync(settings, cancellationToken);
                gateways = [embedded.Gateway];
            }
            var channels = GatewayChannels.Open(gateways, target.CaFile, target.Insecure);
            try
            {
                return await RunOnAsync(scenario, target, local, string.Join(", ", gateways), channels, outputFolder, slos, view, cancellationToken);
            }
            finally
            {
                foreach (var channel in channels)
                {
                    channel.Dispose();
                }
            }
        }
        catch (Exception ex) when (ex is not (SetupException or OperationCanceledException) && embedded is null && target.Embedded != EmbeddedMode.None)
        {
            throw new SetupException("the embedded silo did not start: " + ex.Message, ex);
        }
        finally
        {
            if (embedded is not null)
            {
                await embedded.DisposeAsync();
            }
            if (local is not null)
            {
                view.Status("stopping the local cluster ...");
                await local.DisposeAsync();
            }
        }
    }

    private static async Task<Testing.LocalCluster> StartLocalClusterAsync(LocalClusterTarget spec, Scenario scenario, IRunView view)
    {
        try
        {
            var build = spec.PreviousRelease ? await Testing.PreviousRelease.BuildAsync(view.Status) : Testing.ClusterBuildOutput.Current;
            // The scenario's pool settings as the silos' environment (Grains:EphemeralKeyPool:MaxKeys → Grains__EphemeralKeyPool__MaxKeys).
            var silo = EmbeddedSettings(scenario).ToDictionary(p => p.Key.Replace(":", "__", StringComparison.Ordinal), p => p.Value, StringComparer.Ordinal);
            return await Testing.LocalCluster.StartAsync(
                new Testing.LocalClusterOptions { Silos = spec.Silos, Gateways = spec.Gateways, Build = build, Silo = silo, Root = spec.Logs },
                view.Status);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
        {
            throw new SetupException("the local cluster did not start: " + ex.Message.Split('\n')[0], ex);
        }
    }

    /// <summary>The embedded silo's configuration: the scenario's low-water mark and room for its pools, then its own settings.</summary>
    public static Dictionary<string, string> EmbeddedSettings(Scenario scenario)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Grains:EphemeralKeyPool:LowWaterMark"] = scenario.LowWaterMark.ToString(CultureInfo.InvariantCulture),
            ["Grains:EphemeralKeyPool:MaxKeys"] = Math.Max(1_000, scenario.PoolSize).ToString(CultureInfo.InvariantCulture),

            // Simulated users claim from each other's pools far faster than strangers may: the fixed claim bursts
            // govern here, not the shares of a pool that defend a public cluster (a scenario may set those).
            ["Grains:EphemeralKeyPool:ClaimerShare"] = "1000",
            ["Grains:EphemeralKeyPool:ClaimerShareWindow"] = "00:00:00.001",
            ["Grains:EphemeralKeyPool:PoolShare"] = "1000",
            ["Grains:EphemeralKeyPool:PoolShareWindow"] = "00:00:00.001",
        };
        foreach (var (key, value) in scenario.SiloSettings)
        {
            settings[key] = value;
        }
        return settings;
    }

    private static async Task<RunReport> RunOnAsync(
        Scenario scenario, TargetOptions target, Testing.LocalCluster? local, string targetName, IReadOnlyList<ChannelBase> channels, string outputFolder,
        IReadOnlyList<Slo> slos, IRunView view, CancellationToken cancellationToken)
    {
        var actions = Chaos.ChaosAction.Parse(scenario.Chaos).Actions;
        var recorder = new RunRecorder
        {
            Ledger = actions.Count > 0 ? new Chaos.DeliveryLedger() : null,
            HandOffs = scenario.Operation == OperationKind.Room ? new HandOffClock() : null,
        };
        var chaos = local is not null && recorder.Ledger is not null ? new Chaos.ChaosRunner(local, actions, recorder.Ledger, view.Status) : null;
        DevicePopulation population;
        try
        {
            view.Status(scenario.Operation == OperationKind.Room
                ? $"registering {scenario.Recipients} room members with {scenario.DevicesPerMember} devices each at {targetName} ..."
                : $"registering {scenario.Recipients} recipient and {scenario.Senders} sender devices at {targetName} ...");
            population = await DevicePopulation.CreateAsync(scenario, channels, recorder, target.RegistrationToken, view.Status, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new SetupException($"could not set up the devices at {targetName}: {ex.Message}", ex);
        }
        await using (population)
        {
            RoomRun? room = null;
            if (scenario.Operation == OperationKind.Room)
            {
                try
                {
                    room = await RoomRun.CreateAsync(population, recorder, view.Status, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    throw new SetupException($"could not make the room at {targetName}: {ex.Message}", ex);
                }
            }
            var startedAt = DateTimeOffset.UtcNow;
            var workload = new Workload(scenario, population, recorder, room);
            var driver = new OpenLoopDriver(scenario, recorder, workload.RunAsync, chaos is null ? null : () => !chaos.Settled);
            recorder.Start();
            var clock = Stopwatch.StartNew();
            var run = driver.RunAsync(Drain, cancellationToken);
            var chaosRun = chaos?.RunAsync(cancellationToken) ?? Task.CompletedTask;
            var second = 0;
            using (var timer = new PeriodicTimer(TimeSpan.FromSeconds(1)))
            {
                while (!run.IsCompleted)
                {
                    var tick = timer.WaitForNextTickAsync(CancellationToken.None).AsTask();
                    await Task.WhenAny(tick, run);
                    if (tick.IsCompleted)
                    {
                        view.Second(recorder.Sample(++second, driver.RateInSecond(second)), recorder, scenario.DurationSeconds);
                    }
                }
            }
            await run;
            try
            {
                // An action still running (a long roll) is finished before the checks.
                await chaosRun;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
            if (room is not null)
            {
                // A room message's last decode comes after its send returned: the run ends when every online device has it.
                await room.SettleAsync(recorder, Drain);
            }
            var runEnd = recorder.Ledger?.Now ?? 0;
            recorder.Stop();
            if (clock.Elapsed.TotalSeconds > second || recorder.HasUnsampled())
            {
                // The part-second since the last sample, so every count lands in some second.
                view.Second(recorder.Sample(++second, driver.RateInSecond(second)), recorder, scenario.DurationSeconds);
            }
            var report = Build(scenario, targetName, startedAt, clock.Elapsed.TotalSeconds, recorder);
            if (chaos is not null && !cancellationToken.IsCancellationRequested)
            {
                report = report with { Chaos = await chaos.VerifyAsync(population, runEnd, cancellationToken) };
            }
            report = report with { Slos = [.. slos.Select(s => s.Check(report))] };
            return ReportWriter.Write(report, outputFolder);
        }
    }

    private static RunReport Build(Scenario scenario, string target, DateTimeOffset startedAt, double seconds, RunRecorder r)
    {
        var samples = r.Samples.ToList();
        var onset = samples.FirstOrDefault(s => s.LastResort > 0);
        return new RunReport
        {
            Scenario = scenario,
            Target = target,
            StartedAt = startedAt,
            Seconds = Math.Round(seconds, 3),
            Operations = new OperationTotals(r.Scheduled, r.Dropped, r.Completed, r.Failed, scenario.MaxInFlight),
            Claims = new ClaimTotals(r.Claims, r.OneTime, r.LastResort, r.Refused),
            Sends = r.Sends,
            Deliveries = r.Deliveries,
            Latency = Latencies(r),
            Rpc = r.Rpcs.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value.Total.Summary()),
            RpcStatuses = r.Rpcs.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(
                p => p.Key, p => (IReadOnlyDictionary<string, long>)p.Value.Statuses.ToDictionary(s => s.Key.ToString(), s => s.Value)),
            Errors = r.Errors.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(),
            Replenishment = new ReplenishTotals(r.LowSignals, r.Replenishments, r.KeysUploaded, r.ReplenishLag.Summary()),
            PoolsAtEnd = r.Pools.Snapshot(),
            LowestPoolLevel = samples.Count == 0 ? r.Pools.Snapshot().Min : samples.Min(s => s.PoolMin),
            LastResortOnset = onset is null ? null : new LastResortOnset(onset.Second, onset.TargetRate, onset.Claims, onset.LastResort),
            PerSecond = samples,
        };
    }

    private static Dictionary<string, LatencySummary> Latencies(RunRecorder r)
    {
        var latency = new Dictionary<string, LatencySummary>
        {
            ["claim"] = r.Claim.Summary(),
            ["send"] = r.Send.Summary(),
            ["operation"] = r.Operation.Summary(),
            ["delivery"] = r.Delivery.Summary(),
        };
        if (r.HandOffs is { } handOffs)
        {
            latency[AcceptLatency] = handOffs.Accept.Summary();
            latency[ArrivalLatency] = handOffs.Arrival.Summary();
        }
        return latency;
    }
}
