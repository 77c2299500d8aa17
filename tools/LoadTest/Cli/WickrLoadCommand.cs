using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Wickr.Cluster.LoadTest.Reporting;
using Wickr.Cluster.LoadTest.Running;
using Wickr.Cluster.LoadTest.Scenarios;
using Wickr.Cluster.LoadTest.Target;

namespace Wickr.Cluster.LoadTest.Cli;

/// <summary>The wickr-load command line: one command per shipped scenario, <c>run</c> for a scenario file, <c>scenarios</c> to list them.</summary>
internal static class WickrLoadCommand
{
    public static RootCommand Build(TextWriter output, TextWriter error)
    {
        var root = new RootCommand(
            "wickr-load: load-tests key-pool replenishment of a Wickr.Cluster. Simulated devices (WickrClient) claim keys and send "
            + "packets open-loop at a target rate; the report says how many claims got one-time vs last-resort keys, latency per RPC, "
            + "how long pools took to refill, and whether the SLOs given held. " + LoadExitCodes.Help + ".");
        foreach (var (name, scenario) in ScenarioCatalog.All)
        {
            var command = new Command(name, Describe(scenario));
            var options = new RunOptions();
            options.AddTo(command);
            command.SetAction((parse, cancellationToken) => RunAsync(parse, options, scenario, output, error, cancellationToken));
            root.Subcommands.Add(command);
        }

        var file = new Option<string>("--scenario") { Description = "scenario JSON file (fields as printed by 'wickr-load scenarios')", Required = true };
        var run = new Command("run", "runs a scenario file; flags override its fields") { file };
        var runOptions = new RunOptions();
        runOptions.AddTo(run);
        run.SetAction(async (parse, cancellationToken) =>
        {
            Scenario? scenario;
            var path = parse.GetValue(file)!;
            try
            {
                scenario = JsonSerializer.Deserialize<Scenario>(await File.ReadAllTextAsync(path, cancellationToken), ReportWriter.JsonOptions);
            }
            catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"--scenario: '{path}' cannot be read as a scenario: {ex.Message}");
                return LoadExitCodes.Usage;
            }
            if (scenario is null)
            {
                await error.WriteLineAsync($"--scenario: '{path}' holds no scenario");
                return LoadExitCodes.Usage;
            }
            return await RunAsync(parse, runOptions, scenario, output, error, cancellationToken);
        });
        root.Subcommands.Add(run);

        var only = new Option<string?>("--name") { Description = "print only this scenario: a file for 'run --scenario'" };
        var list = new Command("scenarios", "prints the shipped scenarios as JSON, a start for a scenario file") { only };
        list.SetAction(parse =>
        {
            if (parse.GetValue(only) is not { } one)
            {
                output.WriteLine(JsonSerializer.Serialize(ScenarioCatalog.All.Values, ReportWriter.JsonOptions));
                return LoadExitCodes.Ok;
            }
            if (!ScenarioCatalog.All.TryGetValue(one, out var scenario))
            {
                error.WriteLine($"--name: no shipped scenario '{one}' ({string.Join(", ", ScenarioCatalog.All.Keys)})");
                return LoadExitCodes.Usage;
            }
            output.WriteLine(JsonSerializer.Serialize(scenario, ReportWriter.JsonOptions));
            return LoadExitCodes.Ok;
        });
        root.Subcommands.Add(list);

        root.Subcommands.Add(ClusterCommand.Build(output, error));
        root.Subcommands.Add(DeviceMemoryCommand.Build(output, error));
        root.Subcommands.Add(SlowBodiesCommand.Build(output, error));

        var setting = new Option<string[]>("--setting") { Description = "KEY=VALUE silo configuration" };
        var serve = new Command("serve-embedded", "(internal) hosts the embedded silo of --embedded process") { setting };
        serve.Hidden = true;
        serve.SetAction((parse, cancellationToken) => ChildProcessSilo.ServeAsync(Settings(parse.GetValue(setting)), cancellationToken));
        root.Subcommands.Add(serve);
        return root;
    }

    private static Dictionary<string, string> Settings(string[]? pairs)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in pairs ?? [])
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at > 0)
            {
                settings[pair[..at]] = pair[(at + 1)..];
            }
        }
        return settings;
    }

    private static string Describe(Scenario s) => FormattableString.Invariant(
        $"{s.Name}: {s.Recipients} recipients (pools of {s.PoolSize}, low-water {s.LowWaterMark}, {s.OfflineFraction:P0} offline, reaction {s.ReactionDelayMs} ms), ")
        + FormattableString.Invariant($"{s.Senders} senders, {s.Operation.ToString().ToLowerInvariant()} to {s.FanOut} user(s) at {s.Rate}/s")
        + (s.RampTo is { } r ? FormattableString.Invariant($" ramping to {r}/s") : string.Empty)
        + (s.Burst is { } b ? FormattableString.Invariant($", burst of {b.Rate}/s at {b.AtSeconds} s for {b.Seconds} s") : string.Empty)
        + FormattableString.Invariant($", {s.DurationSeconds} s");

    private static async Task<int> RunAsync(ParseResult parse, RunOptions options, Scenario scenario, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var (request, problems) = RunRequestBinder.Bind(parse, options, scenario);
        if (request is null)
        {
            foreach (var problem in problems)
            {
                await error.WriteLineAsync(problem);
            }
            return LoadExitCodes.Usage;
        }
        RunReport report;
        try
        {
            report = LiveView.Supported && ReferenceEquals(output, Console.Out)
                ? await new LiveView().RunAsync(view => LoadRun.RunAsync(request.Scenario, request.Target, request.OutputFolder, request.Slos, view, cancellationToken))
                : await LoadRun.RunAsync(request.Scenario, request.Target, request.OutputFolder, request.Slos, new PlainView(output), cancellationToken);
        }
        catch (SetupException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return LoadExitCodes.SetupFailed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("interrupted");
            return LoadExitCodes.Interrupted;
        }
        Summary.Write(report, request.OutputFolder, output);
        if (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("interrupted: the report covers what ran until then");
            return LoadExitCodes.Interrupted;
        }
        return report.Slos.All(s => s.Met) && report.Chaos is null or { Held: true } ? LoadExitCodes.Ok : LoadExitCodes.SloBroken;
    }
}
