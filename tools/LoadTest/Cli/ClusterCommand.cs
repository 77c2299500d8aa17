using System.CommandLine;
using Wickr.Cluster.LoadTest.Running;
using Wickr.Cluster.Testing;

namespace Wickr.Cluster.LoadTest.Cli;

/// <summary>
/// <c>wickr-load cluster</c> (what <c>deploy/local/cluster</c> runs): Azurite, N silos and M standalone gateways of this
/// checkout on loopback with free ports, the endpoints printed, everything stopped on Ctrl-C.
/// </summary>
internal static class ClusterCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var silos = new Option<int>("--silos") { Description = "silo processes (Azure mode on Azurite, mutual TLS between them)", DefaultValueFactory = _ => 3 };
        var gateways = new Option<int>("--gateways") { Description = "standalone gateway processes", DefaultValueFactory = _ => 2 };
        var siloSetting = new Option<string[]>("--silo-setting") { Description = "KEY=VALUE for every silo, e.g. Grains:EphemeralKeyPool:MaxKeys=5000" };
        var gatewaySetting = new Option<string[]>("--gateway-setting") { Description = "KEY=VALUE for every gateway" };
        var logs = new Option<string?>("--logs") { Description = "folder for the processes' logs (default: a temp folder, removed at the end)" };
        var previous = new Option<bool>("--previous-release") { Description = "run the previous release's build (deploy/local/previous-release, built on first use)" };
        var command = new Command("cluster", "starts Azurite + silos + standalone gateways on loopback, prints the endpoints, stops all on Ctrl-C")
        {
            silos, gateways, siloSetting, gatewaySetting, logs, previous,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var problems = new List<string>();
            var options = new LocalClusterOptions
            {
                Silos = parse.GetValue(silos),
                Gateways = parse.GetValue(gateways),
                Silo = EnvironmentSettings(parse.GetValue(siloSetting), "--silo-setting", problems),
                Gateway = EnvironmentSettings(parse.GetValue(gatewaySetting), "--gateway-setting", problems),
                Root = parse.GetValue(logs) is { } folder ? Path.GetFullPath(folder) : null,
            };
            problems.AddRange(options.Problems());
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    await error.WriteLineAsync(problem);
                }
                return LoadExitCodes.Usage;
            }
            LocalCluster cluster;
            try
            {
                if (parse.GetValue(previous))
                {
                    options = options with { Build = await PreviousRelease.BuildAsync(output.WriteLine) };
                }
                cluster = await LocalCluster.StartAsync(options, output.WriteLine);
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
            {
                await error.WriteLineAsync("the local cluster did not start: " + ex.Message);
                return LoadExitCodes.SetupFailed;
            }
            await using (cluster)
            {
                await output.WriteLineAsync(Describe(cluster));
                await output.WriteLineAsync("Ctrl-C stops the cluster.");
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    await output.WriteLineAsync("stopping the gateways, then the silos ...");
                }
            }
            return LoadExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The endpoints an operator or a load run needs, one per line.</summary>
    public static string Describe(LocalCluster cluster)
    {
        var lines = new List<string>();
        foreach (var gateway in cluster.Gateways)
        {
            lines.Add($"gateway  {gateway.Name,-10} {gateway.Address}  ({gateway.Build.Name}, pid {gateway.Host.HostProcessId})");
        }
        foreach (var silo in cluster.Silos)
        {
            lines.Add($"silo     {silo.Name,-10} {silo.Address}health/ready  ({silo.Build.Name}, pid {silo.Host.HostProcessId})");
        }
        lines.Add($"storage  {cluster.AzureConnectionString}");
        lines.Add($"cluster  Silo:ClusterId = Silo:ServiceId = {cluster.ServiceId}, Silo:AzureStorage:TablePrefix = {cluster.TablePrefix}");
        lines.Add($"logs     {cluster.Root}");
        lines.Add("load     wickr-load steady --target " + string.Join(' ', cluster.GatewayAddresses));
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>KEY=VALUE pairs (':' or '__' between the parts) as environment variables of a host.</summary>
    public static Dictionary<string, string> EnvironmentSettings(string[]? pairs, string option, List<string> problems)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs ?? [])
        {
            var split = pair.Split('=', 2);
            if (split.Length != 2 || split[0].Length == 0)
            {
                problems.Add($"{option}: '{pair}' is not KEY=VALUE");
                continue;
            }
            settings[split[0].Replace(":", "__", StringComparison.Ordinal)] = split[1];
        }
        return settings;
    }
}
