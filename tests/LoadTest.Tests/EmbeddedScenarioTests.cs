using System.Globalization;
using Wickr.Cluster.LoadTest.Reporting;
using Wickr.Cluster.LoadTest.Running;
using Wickr.Cluster.LoadTest.Scenarios;

namespace Wickr.Cluster.LoadTest.Tests;

/// <summary>
/// Ten-second runs of the shipped <c>steady</c> and <c>stranger-drain</c> scenarios against an embedded silo, through
/// the command line as an operator types it, with a population small enough for two cores (pools of 30 and 40, low-water
/// mark 20). One class, so the two runs never overlap.
/// </summary>
[Trait("Category", "Slow")]
public sealed class EmbeddedScenarioTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wickr-load-tests-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task Steady_for_ten_seconds_reports_claims_that_add_up_pools_replenished_and_plots()
    {
        // The first example of docs/load-testing.md, for 10 s rather than 30 and into a folder of the test's own.
        var folder = Path.Combine(_root, "steady");
        var documented = DocumentedExample("wickr-load steady --embedded");
        var run = await CliRun.InvokeAsync([.. documented.Replace("--duration 30s", "--duration 10s", StringComparison.Ordinal)
            .Replace("--out report/steady", "", StringComparison.Ordinal)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1), "--out", folder, "--max-errors", "1%", "--max-dropped", "1%"]);

        // What a starved box can change is how well the run went (dropped operations, a late upload, a last-resort key
        // handed out while a refill was on its way), not whether its report adds up: the exit code follows the SLOs.
        Assert.True(run.ExitCode is LoadExitCodes.Ok or LoadExitCodes.SloBroken, $"exit {run.ExitCode}\n{run.Error}\n{run.Output}");
        var report = ReportFile.Read(folder);
        Assert.Equal(2, report.Slos.Count);
        var expectedExit = report.Slos.All(s => s.Met) ? LoadExitCodes.Ok : LoadExitCodes.SloBroken;
        Assert.True(run.ExitCode == expectedExit, $"exit {run.ExitCode}, expected {expectedExit}\n{run.Error}\n{run.Output}");
        AssertCountsAddUp(report);

        // Every operation was a real send of one key claim: 30/s for 10 s, scheduled whatever the cluster did.
        Assert.Equal(300, report.Operations.Scheduled);
        Assert.Equal(report.Operations.Scheduled, report.Operations.Completed + report.Operations.Failed + report.Operations.Dropped);
        Assert.True(report.Sends > 0 && report.Deliveries >= report.Sends, $"sends {report.Sends}, deliveries {report.Deliveries}");
        Assert.Equal(report.Operations.Completed, report.Claims.OneTime + report.Claims.LastResort);

        // 5 claims a second per pool of 30 with mark 20: within about two seconds pools fall below the mark, are signalled and refilled.
        Assert.True(report.Replenishment.LowSignals > 0, "no pool-low signal during the run");
        Assert.True(report.Replenishment.Replenishments > 0 && report.Replenishment.KeysUploaded > 0, "no keys uploaded during the run");
        Assert.True(report.Replenishment.Lag.Count > 0 && report.Replenishment.Lag.P50 > 0, "no signal → uploaded lag measured");
        Assert.Equal(report.Replenishment.KeysUploaded, report.PerSecond.Sum(s => s.KeysUploaded));

        Assert.True(report.Latency["claim"].Count > 0 && report.Latency["claim"].P99 >= report.Latency["claim"].P50);
        Assert.True(report.Latency["send"].P50 >= report.Rpc["SendPacket"].P50, "a send measured from its schedule takes at least its SendPacket call");
        Assert.Contains("ClaimKeys", report.Rpc.Keys);
        AssertFiles(folder, report);

        // Redirected output is a summary: the seconds at every tenth of the run (and the last), registrations likewise.
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(lines.Count(l => l.StartsWith('[')), 2, 11);
        Assert.InRange(lines.Count(l => l.StartsWith("recipients ", StringComparison.Ordinal)), 1, 11);
        Assert.InRange(lines.Count(l => l.StartsWith("senders ", StringComparison.Ordinal)), 1, 11);
    }

    // The line of docs/load-testing.md that starts with <paramref name="start"/>.
    private static string DocumentedExample(string start)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "Wickr.Cluster.sln")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException("the repository's root was not found above the test binary");
        }
        return File.ReadLines(Path.Combine(directory.FullName, "docs", "load-testing.md")).First(line => line.StartsWith(start, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stranger_drain_for_ten_seconds_reports_last_resort_and_refusals_that_add_up_and_breaks_the_slo()
    {
        var folder = Path.Combine(_root, "stranger-drain");
        var run = await CliRun.InvokeAsync(
            "stranger-drain", "--embedded", "--duration", "10s", "--recipients", "8", "--pool-size", "40", "--low-water", "20",
            "--senders", "40", "--rate", "100", "--out", folder, "--max-last-resort", "0.1%",
            // A tight per-claimer limit, so refusals happen within ten seconds.
            "--silo-setting", "Grains:EphemeralKeyPool:ClaimBurst=3", "--silo-setting", "Grains:EphemeralKeyPool:ClaimRefillInterval=00:00:10");

        Assert.True(run.ExitCode == LoadExitCodes.SloBroken, $"exit {run.ExitCode}\n{run.Error}\n{run.Output}");
        Assert.Contains("SLO max-last-resort", run.Output, StringComparison.Ordinal);
        Assert.Contains("BROKEN", run.Output, StringComparison.Ordinal);
        var report = ReportFile.Read(folder);
        AssertCountsAddUp(report);

        // Claims only, never a send; the two offline devices (a quarter of 8) drain to their last-resort keys.
        Assert.Equal(1000, report.Operations.Scheduled);
        Assert.Equal(0, report.Sends);
        Assert.True(report.Claims.LastResort > 0, "offline pools never fell back to their last-resort key");
        Assert.NotNull(report.LastResortOnset);
        Assert.True(report.Claims.Refused > 0, "the per-claimer rate limit refused nothing");
        Assert.Equal(report.Claims.Refused, report.Errors.Where(e => e.Key.StartsWith("claim refused", StringComparison.Ordinal)).Sum(e => e.Value));
        Assert.Contains("claim refused: ResourceExhausted", report.Errors.Keys);
        Assert.True(report.Replenishment.KeysUploaded > 0, "the online devices did not replenish");
        var slo = Assert.Single(report.Slos);
        Assert.False(slo.Met);
        AssertFiles(folder, report);
    }

    [Fact]
    public async Task An_invite_only_cluster_admits_the_run_with_a_registration_token_and_refuses_it_without()
    {
        using var operatorKey = Protocol.Crypto.P521Suite.Instance.GenerateKeyPair();
        var token = Protocol.Enrollment.RegistrationToken.Issue(operatorKey, DateTimeOffset.UtcNow.AddHours(1), uses: Protocol.Enrollment.RegistrationToken.MaxUses).ToText();
        string[] invite =
        [
            "steady", "--embedded", "--duration", "2s", "--recipients", "2", "--senders", "2", "--rate", "4", "--pool-size", "30", "--low-water", "20",
            "--silo-setting", "Gateway:Registration:Policy=Invite",
            "--silo-setting", "Gateway:Registration:OperatorPublicKey=" + Convert.ToBase64String(operatorKey.PublicKey.Encoded),
        ];

        var refused = await CliRun.InvokeAsync([.. invite, "--out", Path.Combine(_root, "refused")]);
        Assert.True(refused.ExitCode == LoadExitCodes.SetupFailed, $"exit {refused.ExitCode}\n{refused.Error}");
        Assert.Contains("registration_token", refused.Error, StringComparison.Ordinal);

        var folder = Path.Combine(_root, "invited");
        var admitted = await CliRun.InvokeAsync([.. invite, "--registration-token", token, "--out", folder]);
        Assert.True(admitted.ExitCode == LoadExitCodes.Ok, $"exit {admitted.ExitCode}\n{admitted.Error}");
        Assert.Equal(8, ReportFile.Read(folder).Operations.Completed);
        // The token is a credential: it appears in no output and no report file.
        Assert.DoesNotContain(token, admitted.Output + admitted.Error, StringComparison.Ordinal);
        Assert.All(Directory.GetFiles(folder, "*.*").Where(f => !f.EndsWith(".png", StringComparison.Ordinal)),
            f => Assert.DoesNotContain(token, File.ReadAllText(f), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Room_burst_in_a_small_room_claims_a_key_per_device_and_reports_delivery_to_every_online_device()
    {
        // Six members with two devices each; one member (a sixth) offline, so its two pools drain to last resort.
        var folder = Path.Combine(_root, "room-burst");
        var run = await CliRun.InvokeAsync(
            "room-burst", "--embedded", "--duration", "5s", "--recipients", "6", "--devices-per-member", "2", "--offline", "17%",
            "--pool-size", "4", "--low-water", "2", "--rate", "2", "--out", folder);

        Assert.True(run.ExitCode == LoadExitCodes.Ok, $"exit {run.ExitCode}\n{run.Error}\n{run.Output}");
        var report = ReportFile.Read(folder);
        Assert.Equal(OperationKind.Room, report.Scenario.Operation);
        Assert.Equal(10, report.Operations.Scheduled);
        Assert.Equal(report.Operations.Scheduled, report.Operations.Completed + report.Operations.Failed + report.Operations.Dropped);
        Assert.True(report.Sends > 0, "no room message went out");
        // Every message goes to the 11 devices other than its sender's; a device with a handed-over key needs no claim.
        Assert.Equal(report.Sends * 11, report.Deliveries);
        Assert.InRange(report.Claims.Requested, 1, report.Sends * 11);
        Assert.Equal(report.Claims.Requested, report.Claims.OneTime + report.Claims.LastResort + report.Claims.Refused);
        Assert.True(report.Claims.LastResort > 0, "the offline member's pools of 4 never reached their last-resort keys");
        // The 10 online devices other than the sender's decode each message: 9 of each message's 11 devices are online.
        var delivery = report.Latency["delivery"];
        Assert.Equal(report.Sends * 9, delivery.Count);
        Assert.True(delivery.P50 > 0 && delivery.Max >= delivery.P99);
        // The cluster's part: each message accepted once, each of those decodes preceded by its packet's arrival.
        var accept = report.Latency[LoadRun.AcceptLatency];
        var arrival = report.Latency[LoadRun.ArrivalLatency];
        Assert.Equal(report.Sends, accept.Count);
        Assert.True(accept.P50 > 0 && accept.Max <= report.Latency["send"].Max);
        Assert.Equal(report.Sends * 9, arrival.Count);
        Assert.True(arrival.P50 > 0 && arrival.P50 <= delivery.P50 && arrival.P99 <= delivery.P99);
        Assert.Contains("latency arrival", run.Output, StringComparison.Ordinal);
        Assert.True(report.Replenishment.Replenishments > 0, "online pools of 4 at a mark of 2 were never refilled");
        Assert.Contains("per room message:", run.Output, StringComparison.Ordinal);
    }

    // Every claim asked for ends one-time, last-resort or refused, in total and in every second.
    private static void AssertCountsAddUp(RunReport report)
    {
        Assert.True(report.Claims.Requested > 0, "no claims");
        Assert.Equal(report.Claims.Requested, report.Claims.OneTime + report.Claims.LastResort + report.Claims.Refused);
        Assert.Equal(report.Claims.Requested, report.PerSecond.Sum(s => s.Claims));
        Assert.Equal(report.Claims.OneTime, report.PerSecond.Sum(s => s.OneTime));
        Assert.Equal(report.Claims.LastResort, report.PerSecond.Sum(s => s.LastResort));
        Assert.Equal(report.Claims.Refused, report.PerSecond.Sum(s => s.Refused));
        Assert.True(report.Claims.Requested >= report.Rpc["ClaimKeys"].Count, "a ClaimKeys call names at least one node");
        Assert.InRange(report.PerSecond.Count, 10, 12);
    }

    private static void AssertFiles(string folder, RunReport report)
    {
        var csv = File.ReadAllLines(Path.Combine(folder, ReportWriter.CsvFile));
        Assert.StartsWith("second,", csv[0], StringComparison.Ordinal);
        Assert.Equal(report.PerSecond.Count, csv.Length - 1);
        var claimsColumn = Array.IndexOf(csv[0].Split(','), "claims");
        Assert.Equal(report.Claims.Requested, csv.Skip(1).Sum(l => long.Parse(l.Split(',')[claimsColumn], CultureInfo.InvariantCulture)));
        foreach (var plot in new[] { Plots.PoolLevelsFile, Plots.LastResortFile, Plots.LatencyFile })
        {
            Assert.Contains(plot, report.Files);
            Assert.Equal((Plots.Width, Plots.Height), Png.Decode(Path.Combine(folder, plot)));
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
