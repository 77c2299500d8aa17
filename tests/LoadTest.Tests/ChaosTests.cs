using Wickr.Cluster.LoadTest.Chaos;
using Wickr.Cluster.LoadTest.Reporting;
using Wickr.Cluster.LoadTest.Running;

namespace Wickr.Cluster.LoadTest.Tests;

/// <summary>
/// Chaos under load against a local cluster (Azurite, three silos, two standalone gateways as processes), through
/// the command line as an operator types it: a silo killed (SIGKILL), the rest rolled (new silo ready, old one
/// SIGTERM), a gateway killed and started again on its address, a silo added. Nothing the gateways acknowledged is
/// lost, no one-time key is handed out twice, every device's stream resumes. Also the rolling upgrade: a cluster of
/// the previous release (built from git history), its silos replaced one by one with this build while the load runs
/// through the old gateways, old and new silos serving together. One class, so the runs never overlap.
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
