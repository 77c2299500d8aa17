using System.Globalization;
using System.Security.Cryptography;

namespace Wickr.Cluster.Testing;

/// <summary>
/// A cluster as deployed, on one machine: silos in Azure mode (Azure Table membership, Azure Storage grain state, the
/// Orleans ports over mutual TLS) and standalone gateways finding them through the membership table, every process on
/// loopback with free ports. Silos and gateways can be killed (SIGKILL), stopped (SIGTERM, as Kubernetes stops a pod),
/// added and replaced by another build while the cluster serves: what the chaos runs, the rolling-upgrade test and
/// <c>deploy/local/cluster</c> do to it. A killed gateway comes back on the same address, as a Service's would.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly LocalClusterOptions _options;
    private readonly bool _ownRoot;
    private readonly List<LocalClusterMember> _silos = [];
    private readonly List<LocalClusterMember> _gateways = [];
    private readonly List<HostProcess> _retired = [];
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _tls;
    private int _siloNumber;
    private int _gatewayNumber;

    private LocalCluster(LocalClusterOptions options, string root, bool ownRoot, string connectionString)
    {
        _options = options;
        _ownRoot = ownRoot;
        Root = root;
        AzureConnectionString = connectionString;
        var id = Guid.NewGuid().ToString("N")[..10];
        ServiceId = "local" + id;
        TablePrefix = "local" + id;
        TokenSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _tls = SiloCertificates.Create(Path.Combine(root, "tls")).Settings("__");
    }

    /// <summary>The folder holding the logs (one per process) and the cluster's TLS files.</summary>
    public string Root { get; }

    /// <summary>The storage account (Azurite's unless given).</summary>
    public string AzureConnectionString { get; }

    /// <summary>The cluster and service id, unique per cluster so that tables of several clusters never mix.</summary>
    public string ServiceId { get; }

    /// <summary>The table and container prefix.</summary>
    public string TablePrefix { get; }

    /// <summary>The token secret every gateway of this cluster shares.</summary>
    public string TokenSecret { get; }

    /// <summary>The silos running now, oldest first.</summary>
    public IReadOnlyList<LocalClusterMember> Silos
    {
        get
        {
            lock (_gate)
            {
                return [.. _silos];
            }
        }
    }

    /// <summary>The gateways running now, by slot (a restarted gateway keeps its slot and address).</summary>
    public IReadOnlyList<LocalClusterMember> Gateways
    {
        get
        {
            lock (_gate)
            {
                return [.. _gateways];
            }
        }
    }

    /// <summary>The gateways' gRPC addresses, stable for the cluster's life.</summary>
    public IReadOnlyList<Uri> GatewayAddresses => [.. Gateways.Select(g => g.Address)];

    /// <summary>Starts Azurite (unless a connection string is given), the silos one after the other, then the gateways.</summary>
    public static async Task<LocalCluster> StartAsync(LocalClusterOptions options, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problems().FirstOrDefault() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }
        progress ??= _ => { };
        var ownRoot = options.Root is null;
        var root = options.Root ?? Path.Combine(Path.GetTempPath(), "wickr-local-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        progress(options.AzureConnectionString is null ? "starting Azurite ..." : "using the given storage account ...");
        var connectionString = options.AzureConnectionString ?? await Azurite.GetConnectionStringAsync();
        var cluster = new LocalCluster(options, root, ownRoot, connectionString);
        try
        {
            // The first silo creates the membership table; the others join it.
            for (var i = 0; i < options.Silos; i++)
            {
                progress($"starting silo {i + 1} of {options.Silos} ...");
                await cluster.AddSiloAsync(options.Build);
            }
            for (var i = 0; i < options.Gateways; i++)
            {
                progress($"starting gateway {i + 1} of {options.Gateways} ...");
                await cluster.AddGatewayAsync(options.Build);
            }
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more silo (of <paramref name="build"/>, this checkout's by default) and waits until it is ready.</summary>
    public Task<LocalClusterMember> AddSiloAsync(ClusterBuildOutput? build = null)
    {
        build ??= ClusterBuildOutput.Current;
        var name = "silo" + Interlocked.Increment(ref _siloNumber).ToString(CultureInfo.InvariantCulture);
        return Loopback.WithFreePortsAsync(2, async ports =>
        {
            var environment = new Dictionary<string, string>(_tls)
            {
                ["Silo__Mode"] = "Azure",
                ["Silo__ClusterId"] = ServiceId,
                ["Silo__ServiceId"] = ServiceId,
                ["Silo__AdvertisedIPAddress"] = "127.0.0.1",
                ["Silo__AzureStorage__ConnectionString"] = AzureConnectionString,
                ["Silo__AzureStorage__TablePrefix"] = TablePrefix,
                ["Silo__SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture),
                ["Silo__GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
                ["Kestrel__Endpoints__Http__Url"] = "http://127.0.0.1:0",
                // The standalone gateways serve; a silo hosts none here.
                ["Gateway__Enabled"] = "false",
            };
            foreach (var (key, value) in _options.Silo)
            {
                environment[key] = value;
            }
            var host = HostProcess.Start(name, build.SiloAssembly, environment, Path.Combine(Root, name + ".log"));
            try
            {
                await TestCluster.WaitUntilReadyAsync(host, StartTimeout);
                var member = new LocalClusterMember(name, host, build, await host.AddressAsync(HostProcess.HttpEndpoint, StartTimeout));
                lock (_gate)
                {
                    _silos.Add(member);
                }
                return member;
            }
            catch
            {
                await host.DisposeAsync();
                throw;
            }
        });
    }

    /// <summary>SIGKILL of the silo at <paramref name="index"/> (oldest first): nothing of it runs afterwards, its grains are lost until re-activated elsewhere.</summary>
    public async Task<LocalClusterMember> KillSiloAsync(int index)
    {
        var silo = TakeSilo(index);
        await silo.Host.KillAsync();
        return silo;
    }

    /// <summary>SIGTERM of the silo at <paramref name="index"/>, as Kubernetes stops a pod; waits until it exited (<paramref name="grace"/>, then SIGKILL).</summary>
    public async Task<int> StopSiloAsync(int index, TimeSpan grace)
    {
        var silo = TakeSilo(index);
        return await silo.Host.StopAsync(grace);
    }

    /// <summary>
    /// A rolling restart (or upgrade, with another <paramref name="build"/>) as the silo Deployment does it
    /// (maxSurge 1, maxUnavailable 0): for each silo running now, a new silo is started and ready, then the old one
    /// is stopped with SIGTERM. <paramref name="step"/> hears of each replacement.
    /// </summary>
    public async Task RollSilosAsync(ClusterBuildOutput? build, TimeSpan grace, Action<string>? step = null)
    {
        foreach (var old in Silos)
        {
            var added = await AddSiloAsync(build);
            int index;
            lock (_gate)
            {
                index = _silos.IndexOf(old);
            }
            if (index >= 0)
            {
                var exit = await StopSiloAsync(index, grace);
                step?.Invoke($"{added.Name} ({added.Build.Name}) replaced {old.Name} ({old.Build.Name}, exit {exit})");
            }
        }
    }

    /// <summary>Starts one more gateway (on a free port) and waits until it answers through to a grain.</summary>
    public async Task<LocalClusterMember> AddGatewayAsync(ClusterBuildOutput? build = null)
    {
        var name = "gateway" + Interlocked.Increment(ref _gatewayNumber).ToString(CultureInfo.InvariantCulture);
        var member = await StartGatewayAsync(name, build ?? ClusterBuildOutput.Current, "http://127.0.0.1:0");
        lock (_gate)
        {
            _gateways.Add(member);
        }
        return member;
    }

    /// <summary>
    /// SIGKILL (or SIGTERM when <paramref name="graceful"/>) of the gateway in slot <paramref name="index"/>, then a new
    /// gateway process on the same address, as behind a Service; returns once the new one answers. The new one runs
    /// <paramref name="build"/> (an upgrade of that gateway), or the old one's build when null.
    /// </summary>
    public async Task<LocalClusterMember> RestartGatewayAsync(int index, bool graceful, TimeSpan grace, ClusterBuildOutput? build = null)
    {
        LocalClusterMember old;
        lock (_gate)
        {
            old = _gateways[index];
        }
        if (graceful)
        {
            await old.Host.StopAsync(grace);
        }
        else
        {
            await old.Host.KillAsync();
        }
        lock (_gate)
        {
            _retired.Add(old.Host);
        }
        var name = "gateway" + Interlocked.Increment(ref _gatewayNumber).ToString(CultureInfo.InvariantCulture);
        var url = old.Address.GetLeftPart(UriPartial.Authority);
        LocalClusterMember replacement;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                replacement = await StartGatewayAsync(name, build ?? old.Build, url);
                break;
            }
            catch (InvalidOperationException ex) when (attempt < 20 && Loopback.IsPortTaken(ex))
            {
                // The dead process's socket is not released yet.
                await Task.Delay(250);
            }
        }
        lock (_gate)
        {
            _gateways[index] = replacement;
        }
        return replacement;
    }

    /// <summary>Everything the hosts wrote so far, for failure messages.</summary>
    public string ReadLogs()
    {
        List<HostProcess> hosts;
        lock (_gate)
        {
            hosts = [.. _retired, .. _silos.Select(s => s.Host), .. _gateways.Select(g => g.Host)];
        }
        return string.Join("\n", hosts.Select(h => h.ReadLog()));
    }

    /// <summary>Stops the gateways, then the silos (SIGTERM), and removes the temp folder it made.</summary>
    public async ValueTask DisposeAsync()
    {
        List<HostProcess> gateways, silos, retired;
        lock (_gate)
        {
            gateways = [.. _gateways.Select(g => g.Host)];
            silos = [.. _silos.Select(s => s.Host)];
            retired = [.. _retired];
            _gateways.Clear();
            _silos.Clear();
            _retired.Clear();
        }
        await Task.WhenAll(gateways.Select(g => g.DisposeAsync().AsTask()));
        await Task.WhenAll(silos.Select(s => s.DisposeAsync().AsTask()));
        foreach (var host in retired)
        {
            await host.DisposeAsync();
        }
        if (_ownRoot)
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open; the temp folder is cleaned by the OS eventually.
            }
        }
    }

    private LocalClusterMember TakeSilo(int index)
    {
        lock (_gate)
        {
            var silo = _silos[index];
            _silos.RemoveAt(index);
            _retired.Add(silo.Host);
            return silo;
        }
    }

    private async Task<LocalClusterMember> StartGatewayAsync(string name, ClusterBuildOutput build, string url)
    {
        var environment = new Dictionary<string, string>(_tls)
        {
            ["Gateway__Urls"] = url,
            ["Gateway__TokenSecret"] = TokenSecret,
            ["Gateway__GenerateTokenSecretIfMissing"] = "false",
            ["Silo__Mode"] = "Azure",
            ["Silo__ClusterId"] = ServiceId,
            ["Silo__ServiceId"] = ServiceId,
            ["Silo__AzureStorage__ConnectionString"] = AzureConnectionString,
        };
        foreach (var (key, value) in _options.Gateway)
        {
            environment[key] = value;
        }
        var host = HostProcess.Start(name, build.GatewayAssembly, environment, Path.Combine(Root, name + ".log"));
        try
        {
            var address = await host.AddressAsync(HostProcess.GatewayUrls, StartTimeout);
            using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(address);
            await host.WaitUntilAsync(() => TestCluster.AnswersAsync(channel), StartTimeout, "answering through to a silo");
            return new LocalClusterMember(name, host, build, address);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }
}
