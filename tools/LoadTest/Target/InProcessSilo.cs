using System.Globalization;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wickr.Cluster.Gateway.Hosting;
using Wickr.Cluster.Hosting.Addresses;
using Wickr.Cluster.Silo.Hosting;

namespace Wickr.Cluster.LoadTest.Target;

/// <summary>
/// The silo host as src/Silo/Program.cs builds it (embedded mode: SQLite in a fresh temp folder, the gateway in the
/// same host), in this process on loopback: Kestrel on port 0, Orleans' ports picked (and picked again should another
/// process take one first). <paramref name="settings"/> are configuration keys on top.
/// </summary>
internal sealed class InProcessSilo : IEmbeddedCluster
{
    private const int PortAttempts = 4;
    private const string GatewayUrls = "Gateway:Urls";
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
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartAsync(root, settings, cancellationToken);
            }
            catch (Exception e) when (attempt < PortAttempts && IsPortTaken(e))
            {
                // Another process took one of the Orleans ports between the pick and the bind: pick again.
            }
        }
    }

    private static async Task<InProcessSilo> StartAsync(string root, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        // Kestrel binds port 0 and reports the port it got; Orleans cannot (a silo's port is fixed before it listens).
        var ports = FreePorts.Take(2);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = root, Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{ListeningAddresses.KestrelEndpointsSection}:Http:Url"] = "http://127.0.0.1:0",
            ["Silo:SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture),
            ["Silo:GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["Silo:DataDirectory"] = Path.Combine(root, "data"),
            ["Silo:ServiceId"] = "load" + Guid.NewGuid().ToString("N")[..8],
            [GatewayUrls] = "http://127.0.0.1:0",

            // Every simulated device calls from this machine: the per-source limits would count them all as one source.
            ["Gateway:Registration:ExemptLoopback"] = "true",
            ["Gateway:Connections:MaxConnectionsPerSource"] = "0",
        });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Error);
        builder.AddWickrListeningAddresses();
        builder.AddWickrSilo();
        builder.Services.AddWickrGateway(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenWickrGateway("http://127.0.0.1:0"));
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

        var gateway = new Uri(app.Services.GetRequiredService<ListeningAddresses>().Bound()[GatewayUrls][0]);
        return new InProcessSilo(app, root, gateway);
    }

    private static bool IsPortTaken(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
                || e.Message.Contains("Address already in use", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
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
