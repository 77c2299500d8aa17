using System.Globalization;
using Grpc.Net.Client;
using Wickr.Cluster.Testing;

namespace Wickr.Cluster.EndToEnd.Tests.Durability;

/// <summary>
/// A real silo process hosting its own gateway (embedded mode, SQLite in a given data directory, unless the settings
/// choose another mode), so that one SIGKILL (<see cref="HostProcess.KillAsync"/>) ends both: no shutdown, no flush,
/// nothing but what is stored.
/// </summary>
internal sealed class KillableSilo : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private KillableSilo(HostProcess host, GrpcChannel channel, int[] ports)
    {
        Host = host;
        Channel = channel;
        Ports = ports;
    }

    /// <summary>The silo's Orleans ports: a restart on the same ones is a new incarnation of the same silo, which the
    /// cluster membership (Postgres mode) then tells from the killed one at once.</summary>
    public int[] Ports { get; }

    public HostProcess Host { get; }

    /// <summary>A channel to the silo's own gateway.</summary>
    public GrpcChannel Channel { get; }

    public static Task<KillableSilo> StartAsync(
        string dataDirectory, string tokenSecret, IReadOnlyDictionary<string, string> settings, int[]? ports = null) =>
        ports is null
            ? Loopback.WithFreePortsAsync(2, p => StartOnAsync(dataDirectory, tokenSecret, settings, p))
            : StartOnAsync(dataDirectory, tokenSecret, settings, ports);

    private static async Task<KillableSilo> StartOnAsync(string dataDirectory, string tokenSecret, IReadOnlyDictionary<string, string> settings, int[] ports)
    {
        var serviceId = "kill" + Path.GetFileName(dataDirectory)[^8..];
        var environment = new Dictionary<string, string>
        {
            ["Silo__Mode"] = "Embedded",
            ["Silo__DataDirectory"] = dataDirectory,
            ["Silo__ClusterId"] = serviceId,
            ["Silo__ServiceId"] = serviceId,
            ["Silo__SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture),
            ["Silo__GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["Kestrel__Endpoints__Http__Url"] = "http://127.0.0.1:0",
            ["Gateway__Urls"] = "http://127.0.0.1:0",
            ["Gateway__TokenSecret"] = tokenSecret,
            ["Gateway__GenerateTokenSecretIfMissing"] = "false",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        var host = HostProcess.Start("silo", ClusterBuild.SiloAssembly, environment, Path.Combine(dataDirectory, "..", Path.GetFileName(dataDirectory) + ".log"));
        try
        {
            await TestCluster.WaitUntilReadyAsync(host, StartTimeout);
            return new KillableSilo(host, GrpcChannel.ForAddress(await host.AddressAsync(HostProcess.GatewayUrls, StartTimeout)), ports);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await Host.DisposeAsync();
    }
}
