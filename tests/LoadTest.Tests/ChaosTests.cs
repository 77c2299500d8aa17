using Wickr.Cluster.LoadTest.Chaos;
using Wickr.Cluster.LoadTest.Reporting;
using Wickr.Cluster.LoadTest.Running;
using Wickr.Cluster.Testing;

namespace Wickr.Cluster.LoadTest.Tests;

/// <summary>
/// Chaos under load against a local cluster (Azurite, three silos, two standalone gateways as processes), through
/// the command line as an operator types it: a silo killed (SIGKILL), the rest rolled (new silo ready, old one
/// SIGTERM), a gateway killed and started again on its address, a silo added. Nothing the gateways acknowledged is
/// lost, no one-time key is handed out twice, every device's stream resumes. Also the rolling upgrade: a cluster of
/// the previous release (built from git history), its gateways and silos replaced one by one with this build while
/// the load runs, old and new silos and gateways serving together. One class, so the runs never overlap.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ChaosTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wickr-chaos-tests-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task Killing_rolling_and_adding_silos_and_killing_a_gateway_under_load_loses_no_acknowledged_send()
    {
        var folder = Path.Combine(_root, "chaos");
        var run = await CliRun.InvokeAsync(
            "steady", "--local-cluster", "3x2", "--duration", "20s", "--rate", "10", "--recipients", "6", "--senders", "4",
            "--pool-size", "100", "--chaos", "kill-silo@5s,roll@10s,kill-gateway@11s,add-silo@12s", "--out", folder);

        Assert.True(run.ExitCode == LoadExitCodes.Ok, $"exit {run.ExitCode}\n{run.Error}\n{run.Output}");
        var chaos = ReportFile.Read(folder).Chaos;
        Assert.NotNull(chaos);
        Assert.Equal(["kill-silo@5s", "roll@10s", "kill-gateway@11s", "add-silo@12s"], chaos.Events.Select(e => e.Action));
        Assert.DoesNotContain(chaos.Events, e => e.Detail.StartsWith("FAILED", StringComparison.Ordinal));
        AssertHeld(chaos, run);

        // The load ran through every action: sends were made after each one began.
        Assert.All(chaos.Events, e => Assert.True(e.Operations > 0, $"no operation ended after {e.Action}\n{run.Output}"));

        // A killed silo is voted out within seconds (Silo:Membership): on a starved box allow twice the 10 s target
        // plus one grain-call timeout for the calls that were in flight.
        var kill = chaos.Events[0];
        Assert.True(kill.SendsSucceedAgainAfterSeconds <= 30, $"sends failed until {kill.SendsSucceedAgainAfterSeconds} s after the kill\n{run.Output}");
    }

    [Fact]
    public async Task A_rolling_upgrade_from_the_previous_release_under_load_loses_no_acknowledged_send()
    {
        // A checkout without the release in its history (a shallow clone) fails here, saying what to fetch.
        var previous = (await PreviousRelease.CommitAsync())[..7];
        var folder = Path.Combine(_root, "upgrade");
        var run = await CliRun.InvokeAsync(
            "steady", "--local-cluster", "2x2", "--previous-release", "--duration", "15s", "--rate", "10", "--recipients", "6",
            "--senders", "4", "--pool-size", "100", "--chaos", "replace-gateway@3s,roll@5s,replace-gateway@6s", "--out", folder);

        Assert.True(run.ExitCode == LoadExitCodes.Ok, $"exit {run.ExitCode}\n{run.Error}\n{run.Output}");
        var chaos = ReportFile.Read(folder).Chaos;
        Assert.NotNull(chaos);
        Assert.Equal(["replace-gateway@3s", "roll@5s", "replace-gateway@6s"], chaos.Events.Select(e => e.Action));
        var (first, roll, second) = (chaos.Events[0], chaos.Events[1], chaos.Events[2]);

        // First a gateway of this build in front of the old silos, beside an old gateway.
        Assert.StartsWith($"gateway3 (current) replaced gateway1 ({previous}, exit 0)", first.Detail, StringComparison.Ordinal);

        // Then both old silos replaced by silos of this build, one at a time, each stopping cleanly: old and new silos
        // serve together behind an old and a new gateway, and at the end the old gateway has only new silos behind it.
        Assert.Contains($"silo3 (current) replaced silo1 ({previous}, exit 0)", roll.Detail, StringComparison.Ordinal);
        Assert.Contains($"silo4 (current) replaced silo2 ({previous}, exit 0)", roll.Detail, StringComparison.Ordinal);

        // Last the old gateway.
        Assert.StartsWith($"gateway4 (current) replaced gateway2 ({previous}, exit 0)", second.Detail, StringComparison.Ordinal);

        Assert.All(chaos.Events, e => Assert.True(e.Operations > 0, $"no operation ended after {e.Action}\n{run.Output}"));
        AssertHeld(chaos, run);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static void AssertHeld(ChaosResult chaos, CliRun run)
    {
        Assert.True(chaos.Acknowledged > 0, run.Output);
        Assert.True(chaos.Lost == 0, $"{chaos.Lost} acknowledged deliveries lost, e.g. {string.Join(", ", chaos.LostExamples)}\n{run.Output}");
        Assert.True(chaos.KeysClaimed > 0, run.Output);
        Assert.Equal(0, chaos.KeysHandedOutTwice);
        Assert.True(chaos.Streams > 0 && chaos.StreamsResumed == chaos.Streams, $"{chaos.StreamsResumed} of {chaos.Streams} streams resumed\n{run.Output}");
        Assert.True(chaos.Held);
        Assert.Contains("chaos error budget: ", run.Output, StringComparison.Ordinal);
    }
}
