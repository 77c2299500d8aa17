using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Wickr.Cluster.Load;

/// <summary>An Orleans client in the load process, connected to the silo's gateway port like the gateway process is.</summary>
internal sealed class OrleansProbe(IHost host) : IAsyncDisposable
{
    public IClusterClient Client => host.Services.GetRequiredService<IClusterClient>();

    public static async Task<OrleansProbe> ConnectAsync(int siloGatewayPort, string serviceId)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client.UseLocalhostClustering(siloGatewayPort, serviceId, serviceId));
        var host = builder.Build();
        await host.StartAsync();
        return new OrleansProbe(host);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
