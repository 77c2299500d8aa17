using System.Globalization;
using System.Net.Http;
using Grpc.Net.Client;

namespace Wickr.Cluster.Testing;

/// <summary>
/// A real silo process and a real standalone gateway process (an Orleans client) on loopback, with a data directory
/// and logs under a fresh temp folder. The HTTP endpoints bind port 0 and are found in the hosts' addresses files; the
/// silo's Orleans ports are picked (Orleans cannot bind port 0) and picked again should another process take one first.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly List<HostProcess> _gateways = [];
    private readonly List<GrpcChannel> _channels = [];
    private readonly List<Uri> _addresses = [];
    private readonly ClusterSettings _settings;

    private TestCluster(ClusterSettings settings, string root)
    {
        _settings = settings;
        Root = root;
        DataDirectory = Path.Combine(root, "data");
        Directory.CreateDirectory(DataDirectory);
        ServiceId = "e2e" + Guid.NewGuid().ToString("N")[..10];
        TablePrefix = "e2e" + Guid.NewGuid().ToString("N")[..10];
        TokenSecret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    }

    /// <summary>The temp folder holding data and logs.</summary>
    public string Root { get; }

    /// <summary>The embedded mode's data directory (SQLite files).</summary>
    public string DataDirectory { get; }

    /// <summary>The silo's Orleans service id (unique per cluster, so Azure tables never mix).</summary>
    public string ServiceId { get; }

    /// <summary>The Azure mode's table and container prefix.</summary>
    public string TablePrefix { get; }

    /// <summary>The token secret shared by every gateway of this cluster.</summary>
    public string TokenSecret { get; }

    public bool IsAzure => _settings.AzureConnectionString is not null;

    public bool IsPostgres => _settings.PostgresConnectionString is not null;

    /// <summary>The silo's Orleans gateway port, where an Orleans client of the embedded mode connects.</summary>
    public int SiloGatewayPort { get; private set; }

    public HostProcess Silo { get; private set; } = null!;

    public HostProcess Gateway => _gateways[0];

    /// <summary>Every gateway started so far, the first one first.</summary>
    public IReadOnlyList<HostProcess> Gateways => _gateways;

    /// <summary>A channel to the first gateway, shared by the tests' clients.</summary>
    public GrpcChannel Channel => _channels[0];

    /// <summary>
    /// A new channel to the first gateway whose connections leave from <paramref name="local"/> (another loopback
    /// address): a caller the gateway counts as a different source. The caller disposes it.
    /// </summary>
    public GrpcChannel ChannelFrom(System.Net.IPAddress local) =>
        GrpcChannel.ForAddress(_addresses[0], new GrpcChannelOptions { HttpHandler = Loopback.HandlerFrom(local) });

    public static async Task<TestCluster> StartAsync(ClusterSettings settings)
    {
        var root = Path.Combine(Path.GetTempPath(), "wickr-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        var cluster = new TestCluster(settings, root);
        try
        {
            await cluster.StartSiloAsync();
            await cluster.StartGatewayAsync(new Dictionary<string, string>());
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more gateway against the same silo (same token secret) and returns a channel to it.</summary>
    public async Task<GrpcChannel> StartGatewayAsync(IReadOnlyDictionary<string, string> extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["Gateway__Urls"] = "http://127.0.0.1:0",
            ["Gateway__TokenSecret"] = TokenSecret,
            ["Gateway__GenerateTokenSecretIfMissing"] = "false",
            ["Silo__ClusterId"] = ServiceId,
            ["Silo__ServiceId"] = ServiceId,
        };
        foreach (var (key, value) in ClientClusteringSettings())
        {
            environment[key] = value;
        }
        foreach (var (key, value) in _settings.Gateway.Concat(extra))
        {
            environment[key] = value;
        }
        var name = _gateways.Count == 0 ? "gateway" : $"gateway{_gateways.Count + 1}";
        var gateway = HostProcess.Start(name, ClusterBuild.GatewayAssembly, environment, Path.Combine(Root, name + ".log"));
        _gateways.Add(gateway);
        var address = await gateway.AddressAsync(HostProcess.GatewayUrls, StartTimeout);
        _addresses.Add(address);
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
            MaxReceiveMessageSize = 16 * 1024 * 1024,
        });
        _channels.Add(channel);
        await gateway.WaitUntilAsync(() => AnswersAsync(channel), StartTimeout, "answering through to the silo");
        return channel;
    }

    /// <summary>Everything the hosts wrote since the cluster started.</summary>
    public string ReadLogs() => string.Join("\n", new[] { Silo }.Concat(_gateways).Where(p => p is not null).Select(p => p.ReadLog()));

    /// <summary>Stops the gateways, then the silo (gracefully, so its storage is closed).</summary>
    public async Task StopAsync()
    {
        foreach (var gateway in _gateways)
        {
            await gateway.StopAsync();
        }
        if (Silo is not null)
        {
            await Silo.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }
        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the OS eventually.
        }
    }

    private async Task StartSiloAsync() => Silo = await Loopback.WithFreePortsAsync(2, async ports =>
    {
        SiloGatewayPort = ports[1];
        var environment = new Dictionary<string, string>
        {
            ["Silo__ClusterId"] = ServiceId,
            ["Silo__ServiceId"] = ServiceId,
            ["Silo__SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture),
            ["Silo__GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["Kestrel__Endpoints__Http__Url"] = "http://127.0.0.1:0",
            // The silo can host the gateway itself (the embedded default); here the standalone gateway process serves.
            ["Gateway__Enabled"] = "false",
        };
        if (_settings.AzureConnectionString is { } connectionString)
        {
            environment["Silo__Mode"] = "Azure";
            environment["Silo__AdvertisedIPAddress"] = "127.0.0.1";
            environment["Silo__AzureStorage__ConnectionString"] = connectionString;
            environment["Silo__AzureStorage__TablePrefix"] = TablePrefix;
        }
        else if (_settings.PostgresConnectionString is { } database)
        {
            environment["Silo__AdvertisedIPAddress"] = "127.0.0.1";
            environment["Silo__Postgres__MigrateAtStart"] = "true";
            foreach (var (key, value) in PostgresSettings(database))
            {
                environment[key] = value;
            }
        }
        else
        {
            environment["Silo__Mode"] = "Embedded";
            environment["Silo__DataDirectory"] = DataDirectory;
        }
        foreach (var (key, value) in _settings.Silo)
        {
            environment[key] = value;
        }
        var silo = HostProcess.Start("silo", ClusterBuild.SiloAssembly, environment, Path.Combine(Root, "silo.log"));
        try
        {
            await WaitUntilReadyAsync(silo, StartTimeout);
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    });

    /// <summary>Waits until <paramref name="silo"/> has announced its HTTP endpoint and answers ready there.</summary>
    public static async Task WaitUntilReadyAsync(HostProcess silo, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var ready = new Uri(await silo.AddressAsync(HostProcess.HttpEndpoint, timeout), "/health/ready");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await silo.WaitUntilAsync(async () => (await http.GetAsync(ready)).IsSuccessStatusCode, timeout, "ready");
    }

    // Ready when a call goes through the gateway to a grain and back: a challenge for a node nobody registered.
    internal static async Task<bool> AnswersAsync(GrpcChannel channel)
    {
        var auth = new Wickr.Cluster.Api.V1.Auth.AuthClient(channel);
        try
        {
            await auth.CreateChallengeAsync(
                new Wickr.Cluster.Api.V1.CreateChallengeRequest { NodeIdentifier = Google.Protobuf.ByteString.CopyFrom(new byte[32]) },
                deadline: DateTime.UtcNow.AddSeconds(5));
            return true;
        }
        catch (Grpc.Core.RpcException ex) when (ex.StatusCode == Grpc.Core.StatusCode.NotFound)
        {
            return true;
        }
        catch (Grpc.Core.RpcException)
        {
            return false;
        }
    }

    /// <summary>What silos and gateways of a Postgres-mode cluster share: the mode, the database, no TLS on loopback.</summary>
    public static IReadOnlyDictionary<string, string> PostgresSettings(string connectionString) => new Dictionary<string, string>
    {
        ["Silo__Mode"] = "Postgres",
        ["Silo__Postgres__ConnectionString"] = connectionString,
        ["Silo__Tls__Enabled"] = "false",
    };

    // How the gateway (an Orleans client) finds the silo: its gateway port on loopback, or the membership table.
    private IEnumerable<KeyValuePair<string, string>> ClientClusteringSettings()
    {
        if (_settings.AzureConnectionString is { } connectionString)
        {
            yield return new("Silo__Mode", "Azure");
            yield return new("Silo__AzureStorage__ConnectionString", connectionString);
        }
        else if (_settings.PostgresConnectionString is { } database)
        {
            foreach (var setting in PostgresSettings(database))
            {
                yield return setting;
            }
        }
        else
        {
            yield return new("Silo__Mode", "Embedded");
            yield return new("Silo__GatewayPort", SiloGatewayPort.ToString(CultureInfo.InvariantCulture));
        }
    }
}
