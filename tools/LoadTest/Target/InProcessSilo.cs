using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Wickr.Cluster.Gateway.Hosting;
using Wickr.Cluster.Silo.Hosting;

namespace Wickr.Cluster.LoadTest.Target;

/// <summary>
/// The silo host as src/Silo/Program.cs builds it (embedded mode: SQLite in a fresh temp folder, the gateway in the
/// same host), in this process on free loopback ports. <paramref name="settings"/> are configuration keys on top.
/// </summary>
internal sealed class InProcessSilo : IEmbeddedCluster
{
    private readonly WebApplication _app;
    private readonly string _root;

    private InProcessSilo(WebApplication app, string root, Uri gateway)
    {
        _app = app;
        _root = root;
        Gateway = gateway;
    }

    public Uri Gateway { get; }

    public static async Task<InProcessSilo> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), "wickr-load-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var ports = FreePorts.Take(4);
        var gateway = new Uri($"http://127.0.0.1:{ports[3]}");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = root, Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{ports[0]}",
            ["Silo:SiloPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["Silo:GatewayPort"] = ports[2].ToString(CultureInfo.InvariantCulture),
            ["Silo:DataDirectory"] = Path.Combine(root, "data"),
            ["Silo:ServiceId"] = "load" + Guid.NewGuid().ToString("N")[..8],
            ["Gateway:Urls"] = gateway.ToString().TrimEnd('/'),
        });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Error);
        builder.AddWickrSilo();
        builder.Services.AddWickrGateway(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenWickrGateway(gateway.ToString()));
        var app = builder.Build();
        app.MapWickrSiloEndpoints();
        app.MapWickrGateway();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return new InProcessSilo(app, root, gateway);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temp folder is cleaned by the system later.
        }
    }
}
