using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wickr.Cluster.Hosting.Addresses;
using Wickr.Cluster.Silo.Hosting;

namespace Wickr.Cluster.Silo.Tests.Hosting;

/// <summary>
/// The silo host exactly as Program.cs builds it, in this process on loopback: its HTTP endpoint on port 0 (the port
/// Kestrel bound is read back), its Orleans ports picked here and picked again should another process take one first.
/// </summary>
public sealed class InProcessSilo : IAsyncDisposable
{
    private readonly WebApplication app;

    private InProcessSilo(WebApplication app, Uri baseAddress, int gatewayPort)
    {
        this.app = app;
        BaseAddress = baseAddress;
        GatewayPort = gatewayPort;
    }

    /// <summary>Where the silo's HTTP endpoints answer.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The silo's Orleans gateway port, where Orleans clients connect.</summary>
    public int GatewayPort { get; }

    public IServiceProvider Services => app.Services;

    public IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Starts a silo with <paramref name="settings"/> over the defaults; ports are chosen here.</summary>
    public static Task<InProcessSilo> StartAsync(
        IReadOnlyDictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null) =>
        Loopback.WithFreePortsAsync(2, async ports =>
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{ListeningAddresses.KestrelEndpointsSection}:Http:Url"] = "http://127.0.0.1:0",
                ["Silo:SiloPort"] = ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Silo:GatewayPort"] = ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Silo:AdvertisedIPAddress"] = "127.0.0.1",
                ["Logging:LogLevel:Default"] = "Warning",
            });
            builder.Configuration.AddInMemoryCollection(settings);
            builder.AddWickrListeningAddresses();
            var silo = builder.AddWickrSilo();
            configure?.Invoke(builder);

            var app = builder.Build();
            app.MapWickrSiloEndpoints();
            try
            {
                await app.StartAsync();
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }

            var bound = app.Services.GetRequiredService<ListeningAddresses>().Bound();
            return new InProcessSilo(app, new Uri(bound[$"{ListeningAddresses.KestrelEndpointsSection}:Http"][0]), silo.GatewayPort);
        });

    /// <summary>Stops the whole host (silo, storage connections, HTTP), as a process exit would.</summary>
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}
