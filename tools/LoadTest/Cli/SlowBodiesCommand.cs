using System.CommandLine;
using Wickr.Cluster.LoadTest.Running;
using Wickr.Cluster.LoadTest.SlowBodies;

namespace Wickr.Cluster.LoadTest.Cli;

/// <summary><c>wickr-load slow-bodies</c>: unary calls whose bodies never finish against a gateway process, its memory measured (<see cref="SlowBodiesRun"/>).</summary>
internal static class SlowBodiesCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var connections = new Option<int>("--connections") { Description = "HTTP/2 connections of the attacker", DefaultValueFactory = _ => 100 };
        var streams = new Option<int>("--streams") { Description = "unfinished calls each connection holds at once", DefaultValueFactory = _ => 100 };
        var sources = new Option<int>("--sources") { Description = "loopback source addresses (127.0.1.x) the connections spread over; the gateway admits 64 connections per source by default", DefaultValueFactory = _ => 4 };
        var hold = new Option<string>("--hold") { Description = "how long a call the gateway cut is replaced by a new one", DefaultValueFactory = _ => "30s" };
        var maxGrowth = new Option<string>("--max-growth") { Description = "most gateway RSS growth (peak - before) that passes, e.g. 64MiB", DefaultValueFactory = _ => "64MiB" };
        var embedded = new Option<bool>("--embedded") { Description = "start a silo process and a gateway process (default settings) on loopback and attack that gateway" };
        var target = new Option<string?>("--target") { Description = "the gateway to attack, e.g. http://127.0.0.1:5000 (on this machine, with --gateway-pid)" };
        var gatewayPid = new Option<int?>("--gateway-pid") { Description = "the process id of the --target gateway, whose VmRSS is read" };
        var gatewaySetting = new Option<string[]>("--gateway-setting") { Description = "KEY=VALUE for the --embedded gateway, e.g. Gateway:Connections:MaxStreamsPerConnection=20 (to compare a limit)" };
        var command = new Command("slow-bodies", "holds unary calls whose bodies never finish (a 200 KB message announced, 1 KB sent) against a gateway process while a registered device is served, and prints the gateway's RSS before, at its peak and after the cut; exit 1 when it grew more than --max-growth, the device was not served or a call was never cut")
        {
            connections, streams, sources, hold, maxGrowth, embedded, target, gatewayPid, gatewaySetting,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var problems = new List<string>();
            var held = Slo.ParseDuration(parse.GetValue(hold)!);
            var growth = SlowBodiesOptions.ParseBytes(parse.GetValue(maxGrowth)!);
            Uri? address = null;
            if (parse.GetValue(target) is { } text && !Uri.TryCreate(text, UriKind.Absolute, out address))
            {
                problems.Add($"--target: '{text}' is not a URL");
            }
            var settings = ClusterCommand.EnvironmentSettings(parse.GetValue(gatewaySetting), "--gateway-setting", problems);
            var options = new SlowBodiesOptions(
                parse.GetValue(connections), parse.GetValue(streams), parse.GetValue(sources), held ?? TimeSpan.Zero, growth ?? -1, address, parse.GetValue(gatewayPid));
            problems.AddRange(options.Problems(parse.GetValue(embedded)));
            if (settings.Count > 0 && address is not null)
            {
                problems.Add("--gateway-setting goes with --embedded (a --target gateway runs with its own settings)");
            }
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    await error.WriteLineAsync(problem);
                }
                return LoadExitCodes.Usage;
            }
            try
            {
                return await SlowBodiesRun.RunAsync(options, settings, output, error, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await error.WriteLineAsync("interrupted");
                return LoadExitCodes.Interrupted;
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
            {
                await error.WriteLineAsync("the run could not set up or go on (silo, gateway or its process): " + ex.Message);
                return LoadExitCodes.SetupFailed;
            }
        });
        return command;
    }
}
