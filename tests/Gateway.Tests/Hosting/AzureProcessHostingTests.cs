using System.Security.Cryptography;
using Grpc.Net.Client;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Tests.Fixtures;

namespace Wickr.Cluster.Gateway.Tests.Hosting;

/// <summary>
/// Cluster mode as in Kubernetes: a silo in Azure mode with its embedded gateway off, and a standalone gateway that
/// finds it through the Azure Table membership (Azurite), both configured through the same Silo__* variables.
/// </summary>
[Trait("Category", "Slow")]
public sealed class AzureProcessHostingTests : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private HostProcess _silo = null!;
    private HostProcess _gateway = null!;
    private GrpcChannel _channel = null!;
    private string? _certificates;

    public async Task InitializeAsync()
    {
        var connectionString = await Azurite.GetConnectionStringAsync();
        var cluster = Azurite.UniquePrefix("gw");
        var shared = new Dictionary<string, string>
        {
            ["Silo__Mode"] = "Azure",
            ["Silo__ClusterId"] = cluster,
            ["Silo__ServiceId"] = cluster,
            ["Silo__AzureStorage__ConnectionString"] = connectionString,
        };
        // Cluster mode runs the Orleans ports over mutual TLS: both processes get the cluster's certificate.
        _certificates = Path.Combine(Path.GetTempPath(), "wickr-" + cluster);
        foreach (var (key, value) in SiloCertificates.Create(_certificates).Settings("__"))
        {
            shared[key] = value;
        }

        // Orleans' ports are picked (and picked again should another process take one first); Kestrel binds port 0.
        _silo = await Loopback.WithFreePortsAsync(2, async ports =>
        {
            var silo = HostProcess.StartBuilt("Silo", "Wickr.Cluster.Silo.dll", new Dictionary<string, string>(shared)
            {
                ["Silo__AzureStorage__TablePrefix"] = cluster,
                ["Silo__AdvertisedIPAddress"] = "127.0.0.1",
                ["Silo__SiloPort"] = $"{ports[0]}",
                ["Silo__GatewayPort"] = $"{ports[1]}",
                ["Kestrel__Endpoints__Http__Url"] = "http://127.0.0.1:0",
                ["Gateway__Enabled"] = "false",
                ["Gateway__Urls"] = "http://127.0.0.1:0",
            });
            try
            {
                // Announced once the silo has started, so its Orleans ports are bound by then.
                await silo.AddressesAsync(StartTimeout);
                return silo;
            }
            catch
            {
                await silo.DisposeAsync();
                throw;
            }
        });
        _gateway = HostProcess.StartBuilt("Gateway", "Wickr.Cluster.Gateway.dll", new Dictionary<string, string>(shared)
        {
            ["Gateway__Urls"] = "http://127.0.0.1:0",
            ["Gateway__TokenSecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        _channel = GrpcChannel.ForAddress(await _gateway.AddressAsync(HostProcess.GatewayUrls, StartTimeout));
        await GrpcHealth.WaitServingAsync(_channel, StartTimeout, () => $"Silo:\n{_silo.Output}\nGateway:\n{_gateway.Output}");
    }

    [Fact]
    public async Task A_standalone_gateway_serves_a_cluster_it_found_in_the_membership_table()
    {
        var clients = new TestClients(_channel, TimeProvider.System);
        var alice = await clients.NewDeviceAsync();
        var bob = await clients.NewDeviceAsync();
        await clients.SendAsync(alice, bob, "via-azure");

        var packet = (await clients.Messages.FetchPacketsAsync(new FetchPacketsRequest(), bob.Headers)).Packets.Single();
        Assert.Equal("via-azure", packet.MessageId);
        Assert.Equal(alice.NodeIdentifier, packet.SenderNodeIdentifier.ToByteArray());

        // The silo's own gateway is off: the silo listens on its HTTP endpoint only.
        var siloAddresses = await _silo.AddressesAsync(StartTimeout);
        Assert.Equal([HostProcess.HttpEndpoint], siloAddresses.Keys);
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        if (_certificates is not null && Directory.Exists(_certificates))
        {
            Directory.Delete(_certificates, recursive: true);
        }
    }
}
