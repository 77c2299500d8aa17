using Wickr.Cluster.LoadTest.Chaos;
using Wickr.Cluster.LoadTest.Running;

namespace Wickr.Cluster.LoadTest.Tests;

/// <summary>--chaos as typed: actions in time order, every mistake named, and chaos only against a cluster the run started.</summary>
public sealed class ChaosActionTests
{
    [Fact]
    public void Actions_are_read_in_time_order()
    {
        var (actions, problems) = ChaosAction.Parse(["roll@40s,kill-silo@20s", "add-silo@1m", "kill-gateway@45", "stop-gateway@50s", "stop-silo@500ms", "replace-gateway@55s"]);

        Assert.Empty(problems);
        Assert.Equal(
            [(ChaosKind.StopSilo, 0.5), (ChaosKind.KillSilo, 20), (ChaosKind.Roll, 40), (ChaosKind.KillGateway, 45), (ChaosKind.StopGateway, 50), (ChaosKind.ReplaceGateway, 55), (ChaosKind.AddSilo, 60)],
            actions.Select(a => (a.Kind, a.AtSeconds)));
        Assert.Equal("kill-silo@20s", actions[1].ToString());
        Assert.Equal("replace-gateway@55s", actions[5].ToString());
    }

    [Fact]
    public void Every_bad_entry_is_named()
    {
        var (actions, problems) = ChaosAction.Parse(["explode@10s,kill-silo,kill-silo@soon,roll@-5s"]);

        Assert.Empty(actions);
        Assert.Equal(4, problems.Count);
        Assert.Contains("'explode@10s' is not ACTION@TIME", problems[0], StringComparison.Ordinal);
        Assert.Contains("'kill-silo' is not ACTION@TIME", problems[1], StringComparison.Ordinal);
        Assert.Contains("'soon' is not a time", problems[2], StringComparison.Ordinal);
        Assert.Contains("'-5s' is not a time", problems[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chaos_needs_a_local_cluster_and_nothing_runs_without_one()
    {
        var run = await CliRun.InvokeAsync("steady", "--target", "http://127.0.0.1:1", "--chaos", "kill-silo@5s");

        Assert.Equal(LoadExitCodes.Usage, run.ExitCode);
        Assert.Contains("--chaos needs --local-cluster", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_local_cluster_and_a_bad_action_are_named_before_anything_starts()
    {
        var run = await CliRun.InvokeAsync("steady", "--local-cluster", "0x2", "--chaos", "kill-everything@5s");

        Assert.Equal(LoadExitCodes.Usage, run.ExitCode);
        Assert.Contains("--local-cluster: '0x2' is not SILOSxGATEWAYS", run.Error, StringComparison.Ordinal);
        Assert.Contains("'kill-everything@5s' is not ACTION@TIME", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_previous_release_needs_a_local_cluster()
    {
        var run = await CliRun.InvokeAsync("steady", "--embedded", "--previous-release");

        Assert.Equal(LoadExitCodes.Usage, run.ExitCode);
        Assert.Contains("--previous-release needs --local-cluster", run.Error, StringComparison.Ordinal);
    }
}
