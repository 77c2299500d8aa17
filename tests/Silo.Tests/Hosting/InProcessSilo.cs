using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wickr.Cluster.Silo.Hosting;

namespace Wickr.Cluster.Silo.Tests.Hosting;

/// <summary>The silo host exactly as Program.cs builds it, in this process, on free loopback ports.</summary>
public sealed class InProcessSilo : IAsyncDisposable
{
    private readonly WebApplication app;

    private InProcessSilo(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the silo's HTTP endpoints answer.</summary>
    public Uri BaseAddress { get; }

    public IServiceProvider Services => app.Services;

    public IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Starts a silo with <paramref name="settings"/> over the defaults; ports are chosen here.</summary>
    public static async Task<InProcessSilo> StartAsync(
        IReadOnlyDictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null)
    {
        var ports = Loopback.FreePorts(3);
        var baseAddress = new Uri($"http://127.0.0.1:{ports[0]}");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Http:Url"] = baseAddress.ToString(),
            ["Silo:SiloPort"] = ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Silo:GatewayPort"] = ports[2].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Silo:AdvertisedIPAddress"] = "127.0.0.1",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddWickrSilo();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapWickrSiloEndpoints();
        await app.StartAsync();
        return new InProcessSilo(app, baseAddress);
    }

    /// <summary>Stops the whole host (silo, storage connections, HTTP), as a process exit would.</summary>
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}
