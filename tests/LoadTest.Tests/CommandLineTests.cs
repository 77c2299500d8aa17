using System.Text.Json;
using Wickr.Cluster.LoadTest.Reporting;
using Wickr.Cluster.LoadTest.Running;
using Wickr.Cluster.LoadTest.Scenarios;

namespace Wickr.Cluster.LoadTest.Tests;

/// <summary>The command line without a cluster: help, the scenario list, and refusals that name the option.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_lists_every_shipped_scenario_and_the_exit_codes()
    {
        var run = await CliRun.InvokeAsync("--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var name in new[] { "steady", "ramp", "conference-burst", "stranger-drain", "run", "scenarios" })
        {
            Assert.Contains(name, run.Output, StringComparison.Ordinal);
        }
        Assert.Contains(LoadExitCodes.Help, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scenario_help_shows_target_embedded_and_slo_options()
    {
        var run = await CliRun.InvokeAsync("ramp", "--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var option in new[] { "--target", "--ca-file", "--insecure", "--registration-token", "--embedded", "--duration", "--requests", "--max-last-resort", "--p99-claim" })
        {
            Assert.Contains(option, run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Scenarios_prints_json_that_reads_back_as_the_shipped_scenarios()
    {
        var run = await CliRun.InvokeAsync("scenarios");

        Assert.Equal(0, run.ExitCode);
        var scenarios = JsonSerializer.Deserialize<Scenario[]>(run.Output, ReportWriter.JsonOptions)!;
        Assert.Equal(ScenarioCatalog.All.Values.Select(s => s.Name), scenarios.Select(s => s.Name));
        Assert.Equal(OperationKind.Claim, scenarios.Single(s => s.Name == "stranger-drain").Operation);
        Assert.All(scenarios, s => Assert.Empty(s.Problems()));
    }

    [Theory]
    [InlineData("--offline", "150%")]
    [InlineData("--duration", "soon")]
    [InlineData("--p99-claim", "fast")]
    [InlineData("--max-last-resort", "-1%")]
    [InlineData("--operation", "drain")]
    [InlineData("--target", "gw.example:443")]
    [InlineData("--fan-out", "99")]
    [InlineData("--registration-token", "not a token!")]
    public async Task A_bad_value_exits_2_naming_the_option_and_starts_nothing(string option, string value)
    {
        var folder = Path.Combine(Path.GetTempPath(), "wickr-load-refused-" + Guid.NewGuid().ToString("N")[..8]);
        var run = await CliRun.InvokeAsync("steady", "--embedded", option, value, "--out", folder);

        Assert.Equal(LoadExitCodes.Usage, run.ExitCode);
        var named = option == "--offline" ? "offline" : option == "--fan-out" ? "fanOut" : option;
        Assert.Contains(named, run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder), "a refused run wrote a report");
    }

    [Fact]
    public async Task No_target_and_no_embedded_exits_2()
    {
        var run = await CliRun.InvokeAsync("steady", "--duration", "1s");

        Assert.Equal(LoadExitCodes.Usage, run.ExitCode);
        Assert.Contains("--target", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_cluster_exits_3()
    {
        var port = Target.FreePorts.Take(1)[0];
        var run = await CliRun.InvokeAsync("steady", "--target", $"http://127.0.0.1:{port}", "--duration", "1s", "--recipients", "1", "--senders", "1", "--out", Path.Combine(Path.GetTempPath(), "wickr-load-unreachable-" + port));

        Assert.Equal(LoadExitCodes.SetupFailed, run.ExitCode);
        Assert.Contains($"127.0.0.1:{port}", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scenario_file_is_read_and_flags_override_its_fields()
    {
        var printed = await CliRun.InvokeAsync("scenarios", "--name", "stranger-drain");
        Assert.Equal(0, printed.ExitCode);
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, printed.Output.Replace("\"recipients\": 20", "\"recipients\": 3", StringComparison.Ordinal));
        try
        {
            // The file's 3 recipients (not the shipped 20) make a fan-out of 5 impossible: refused before anything starts.
            var run = await CliRun.InvokeAsync("run", "--scenario", path, "--embedded", "--fan-out", "5");
            Assert.Equal(LoadExitCodes.Usage, run.ExitCode);
            Assert.Contains("fanOut must be between 1 and recipients", run.Error, StringComparison.Ordinal);

            var fine = await CliRun.InvokeAsync("run", "--scenario", path, "--embedded", "--fan-out", "3", "--max-in-flight", "0");
            Assert.Equal(LoadExitCodes.Usage, fine.ExitCode);
            Assert.DoesNotContain("fanOut", fine.Error, StringComparison.Ordinal);
            Assert.Contains("maxInFlight must be at least 1", fine.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_scenario_file_that_is_not_json_exits_2()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, "steady please");
        try
        {
            var run = await CliRun.InvokeAsync("run", "--scenario", path, "--embedded");
            Assert.Equal(LoadExitCodes.Usage, run.ExitCode);
            Assert.Contains("--scenario", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
