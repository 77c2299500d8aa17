using System.CommandLine;
using Wickr.Cluster.LoadTest.Memory;
using Wickr.Cluster.LoadTest.Running;

namespace Wickr.Cluster.LoadTest.Cli;

/// <summary><c>wickr-load device-memory</c>: the silo memory and storage a registered device costs, idle and active (<see cref="DeviceMemoryRun"/>).</summary>
internal static class DeviceMemoryCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var devices = new Option<int>("--devices") { Description = "registered devices, one user each", DefaultValueFactory = _ => 10_000 };
        var keys = new Option<int>("--keys") { Description = "one-time keys each device publishes (plus a last-resort key)", DefaultValueFactory = _ => 100 };
        var active = new Option<string>("--active") { Description = "share of the devices active in the last phase", DefaultValueFactory = _ => "1%" };
        var idleAge = new Option<string>("--idle-age") { Description = "the silo's Silo:ActivationIdleAge for the run (the run waits it out)", DefaultValueFactory = _ => "1m" };
        var activeSeconds = new Option<int>("--active-seconds") { Description = "how long the active devices get traffic before the last reading", DefaultValueFactory = _ => 60 };
        var parallel = new Option<int>("--parallel") { Description = "devices registered at once", DefaultValueFactory = _ => 4 };
        var command = new Command("device-memory", "registers devices against a silo process (embedded SQLite) and a gateway process and prints the silo's RSS and storage per registered idle device and per active device")
        {
            devices, keys, active, idleAge, activeSeconds, parallel,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var share = Slo.ParsePercent(parse.GetValue(active)!);
            var age = Slo.ParseDuration(parse.GetValue(idleAge)!);
            var options = new DeviceMemoryOptions(
                parse.GetValue(devices), parse.GetValue(keys), share ?? double.NaN, age ?? TimeSpan.Zero, parse.GetValue(activeSeconds), parse.GetValue(parallel));
            var problems = options.Problems().ToList();
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
                return await DeviceMemoryRun.RunAsync(options, output, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await error.WriteLineAsync("interrupted");
                return LoadExitCodes.Interrupted;
            }
        });
        return command;
    }
}
