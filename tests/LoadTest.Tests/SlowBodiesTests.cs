using System.Globalization;
using Wickr.Cluster.LoadTest.Running;

namespace Wickr.Cluster.LoadTest.Tests;

/// <summary>
/// <c>wickr-load slow-bodies</c> through the command line: a small replay of the unfinished-bodies attack against a
/// silo process and a gateway process with their default settings, whose report must add up.
/// </summary>
public sealed class SlowBodiesTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public async Task Unfinished_bodies_are_held_then_cut_a_source_past_its_cap_is_refused_and_the_victim_is_served()
    {
        // 66 connections from one source: the gateway admits 64 (its default per-source cap), each holding 4 calls
        // that announce a large message and never finish it (4 KB a connection: Kestrel's minimum body data rate would
        // take 17 s to close it, so the body deadline is what cuts them); the other 2 connections are closed at once and their
        // calls retry until the hold is over. The growth limit is loose: a small run on a shared box checks the counts.
        var run = await CliRun.InvokeAsync(
            "slow-bodies", "--embedded", "--connections", "66", "--streams", "4", "--sources", "1", "--hold", "3s", "--max-growth", "1GiB");

        Assert.True(run.ExitCode == LoadExitCodes.Ok, $"exit {run.ExitCode}\n{run.Error}\n{run.Output}");
        var row = Row(run.Output);
        // 64 connections × 4 calls; a call on a refused connection whose close took over a second to surface counts as
        // reached and cut, as a held one would (the client cannot tell them apart), so a few more may show.
        Assert.InRange(row["reached the gateway"], 256, 264);

        // The hold (3 s) ends before the gateway's body deadline (10 s): every call reached was held until cut, none
        // was answered and none left open.
        Assert.Equal(row["reached the gateway"], row["cut (reset)"]);
        // Calls on a refused connection count as held for the moment until it closes.
        Assert.InRange(row["most held at once"], 256, 264);
        Assert.Equal(0, row["answered"]);
        Assert.Equal(0, row["left open"]);
        Assert.True(row["refused at connect"] >= 8, run.Output);
        Assert.Equal(row["calls opened"], row["reached the gateway"] + row["refused at connect"]);
        Assert.True(row["cut after p50 / max"] >= 9.5, run.Output);

        // The registered device was served all along.
        Assert.True(row["victim ok"] > 0, run.Output);
        Assert.Equal(0, row["victim failed"]);
    }

    [Theory]
    [InlineData("give either --embedded or --target", "slow-bodies")]
    [InlineData("give either --embedded or --target", "slow-bodies", "--embedded", "--target", "http://127.0.0.1:5000", "--gateway-pid", "1")]
    [InlineData("--target needs --gateway-pid", "slow-bodies", "--target", "http://127.0.0.1:5000")]
    [InlineData("--target must be a loopback gateway", "slow-bodies", "--target", "http://192.0.2.1:5000", "--gateway-pid", "1")]
    [InlineData("--max-growth must be a size", "slow-bodies", "--embedded", "--max-growth", "lots")]
    [InlineData("--sources must be 1 to 254", "slow-bodies", "--embedded", "--sources", "0")]
    [InlineData("--hold must be a duration", "slow-bodies", "--embedded", "--hold", "forever")]
    [InlineData("--gateway-setting goes with --embedded", "slow-bodies", "--target", "http://127.0.0.1:5000", "--gateway-pid", "1", "--gateway-setting", "A=1")]
    [InlineData("--gateway-setting: 'A' is not KEY=VALUE", "slow-bodies", "--embedded", "--gateway-setting", "A")]
    public async Task A_wrong_command_line_is_refused_and_starts_nothing(string problem, params string[] args)
    {
        var run = await CliRun.InvokeAsync(args);

        Assert.Equal(LoadExitCodes.Usage, run.ExitCode);
        Assert.Contains(problem, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("starting", run.Output, StringComparison.Ordinal);
    }

    // The report's table row by column: the first number of each cell (counts, or the first of "a / b").
    private static Dictionary<string, double> Row(string output)
    {
        var lines = output.Split('\n').Select(l => l.Trim()).ToList();
        var header = lines.FindIndex(l => l.StartsWith("| calls opened", StringComparison.Ordinal));
        Assert.True(header >= 0, output);
        var names = Cells(lines[header]);
        var values = Cells(lines[header + 2]);
        return names.Zip(values).ToDictionary(
            p => p.First,
            p => double.Parse(p.Second.Split(' ')[0], CultureInfo.InvariantCulture));
    }

    private static string[] Cells(string line) => [.. line.Trim('|').Split('|').Select(c => c.Trim())];
}
