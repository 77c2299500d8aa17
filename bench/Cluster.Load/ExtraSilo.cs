using System.Globalization;
using Wickr.Cluster.Testing;

namespace Wickr.Cluster.Load;

/// <summary>
/// One more silo process joining an Azure-mode or Postgres-mode test cluster (same service id and storage; its own
/// ports), for the scale-out runs. The cluster's gateway finds it through the membership table.
/// </summary>
internal static class ExtraSilo
{
    /// <summary>A silo on the Azure Storage account of <paramref name="connectionString"/>.</summary>
    public static Task<HostProcess> StartAsync(TestCluster cluster, int number, string connectionString, IReadOnlyDictionary<string, string> settings) =>
        StartAsync(cluster, number, new Dictionary<string, string>(settings)
        {
            ["Silo__Mode"] = "Azure",
            ["Silo__AzureStorage__ConnectionString"] = connectionString,
            ["Silo__AzureStorage__TablePrefix"] = cluster.TablePrefix,
        });

    /// <summary>A silo on the PostgreSQL database of <paramref name="connectionString"/>.</summary>
    public static Task<HostProcess> StartPostgresAsync(TestCluster cluster, int number, string connectionString, IReadOnlyDictionary<string, string> settings)
    {
        var environment = new Dictionary<string, string>(settings);
        foreach (var (key, value) in TestCluster.PostgresSettings(connectionString))
        {
            environment[key] = value;
        }

        return StartAsync(cluster, number, environment);
    }

    private static Task<HostProcess> StartAsync(TestCluster cluster, int number, IReadOnlyDictionary<string, string> settings) =>
        Loopback.WithFreePortsAsync(2, async ports =>
        {
            var environment = new Dictionary<string, string>(settings)
            {
                ["Silo__ClusterId"] = cluster.ServiceId,
                ["Silo__ServiceId"] = cluster.ServiceId,
                ["Silo__AdvertisedIPAddress"] = "127.0.0.1",
                ["Silo__SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture),
                ["Silo__GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
                ["Kestrel__Endpoints__Http__Url"] = "http://127.0.0.1:0",
                ["Gateway__Enabled"] = "false",
            };
            var silo = HostProcess.Start($"silo{number}", ClusterBuild.SiloAssembly, environment, Path.Combine(cluster.Root, $"silo{number}.log"));
            try
            {
                await TestCluster.WaitUntilReadyAsync(silo, TimeSpan.FromSeconds(120));
                return silo;
            }
            catch
            {
                await silo.DisposeAsync();
                throw;
            }
        });
}
