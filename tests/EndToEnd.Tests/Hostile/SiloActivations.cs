using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Wickr.Cluster.EndToEnd.Tests.Hostile;

/// <summary>
/// The activations of a test cluster's user, node and pool grains, counted by Orleans itself (<see cref="IManagementGrain"/>)
/// through an Orleans client of this process on the silo's gateway port, as the gateway process connects (embedded mode).
/// </summary>
internal sealed class SiloActivations(IHost host) : IAsyncDisposable
{
    private static readonly string[] Counted = ["UserGrain", "NodeGrain", "EphemeralKeyPoolGrain"];

    private IManagementGrain Management => host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);

    public static async Task<SiloActivations> ConnectAsync(TestCluster cluster)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client.UseLocalhostClustering(cluster.SiloGatewayPort, cluster.ServiceId, cluster.ServiceId));
        var host = builder.Build();
        await host.StartAsync();
        return new SiloActivations(host);
    }

    /// <summary>The user, node and pool grains active on the silo now.</summary>
    public async Task<int> CountAsync() =>
        (await Management.GetSimpleGrainStatistics())
            .Where(statistic => Counted.Any(type => statistic.GrainType.Contains(type, StringComparison.Ordinal)))
            .Sum(statistic => statistic.ActivationCount);

    /// <summary>
    /// The count once it is at most <paramref name="limit"/>, or the last count read when <paramref name="patience"/>
    /// runs out first: a grain deactivates right after its call, so the count falls within moments or not at all
    /// (an activation left behind stays until the silo collects idle ones, many minutes later).
    /// </summary>
    public async Task<int> SettledAsync(int limit, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var count = await CountAsync();
            if (count <= limit || DateTime.UtcNow > deadline)
            {
                return count;
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
