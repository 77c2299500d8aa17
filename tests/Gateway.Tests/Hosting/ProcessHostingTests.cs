using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Tests.Fixtures;

namespace Wickr.Cluster.Gateway.Tests.Hosting;

/// <summary>
/// The two ways the gateway runs, as processes: inside the silo (the embedded default) and standalone as an Orleans
/// client in front of it. One secret, so a token of either is good at both; packets cross between them.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ProcessHostingTests : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _data = Directory.CreateTempSubdirectory("wickr-gateway-process").FullName;
    private readonly string _secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private HostProcess _silo = null!;
    private HostProcess _standalone = null!;
    private GrpcChannel _embeddedChannel = null!;
    private GrpcChannel _standaloneChannel = null!;

    public async Task InitializeAsync()
    {
        // Orleans' ports are picked (and picked again should another process take one first); Kestrel binds port 0.
        (_silo, var siloGatewayPort) = await Loopback.WithFreePortsAsync(2, async ports =>
        {
            var silo = HostProcess.StartBuilt("Silo", "Wickr.Cluster.Silo.dll", new Dictionary<string, string>
            {
                ["Silo__DataDirectory"] = _data,
                ["Silo__SiloPort"] = $"{ports[0]}",
                ["Silo__GatewayPort"] = $"{ports[1]}",
                ["Kestrel__Endpoints__Http__Url"] = "http://127.0.0.1:0",
                ["Gateway__Urls"] = "http://127.0.0.1:0",
                ["Gateway__TokenSecret"] = _secret,
            });
            try
            {
                _embeddedChannel = GrpcChannel.ForAddress(await silo.AddressAsync(HostProcess.GatewayUrls, StartTimeout));
                return (silo, ports[1]);
            }
            catch
            {
                await silo.DisposeAsync();
                throw;
            }
        });
        await GrpcHealth.WaitServingAsync(_embeddedChannel, StartTimeout, () => _silo.Output);

        _standalone = HostProcess.StartBuilt("Gateway", "Wickr.Cluster.Gateway.dll", new Dictionary<string, string>
        {
            ["Silo__GatewayPort"] = $"{siloGatewayPort}",
            ["Gateway__Urls"] = "http://127.0.0.1:0",
            ["Gateway__TokenSecret"] = _secret,
        });
        _standaloneChannel = GrpcChannel.ForAddress(await _standalone.AddressAsync(HostProcess.GatewayUrls, StartTimeout));
        await GrpcHealth.WaitServingAsync(_standaloneChannel, StartTimeout, () => _standalone.Output);
    }

    [Fact]
    public async Task Devices_on_either_gateway_exchange_packets_live_with_one_token_secret()
    {
        var embedded = new TestClients(_embeddedChannel, TimeProvider.System);
        var standalone = new TestClients(_standaloneChannel, TimeProvider.System);
        var alice = await standalone.NewDeviceAsync();
        var bob = await embedded.NewDeviceAsync();

        // A token is good at the other gateway too.
        await embedded.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), alice.Headers);
        await standalone.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), bob.Headers);

        // Bob listens on the silo's own gateway; Alice sends through the standalone one, and back.
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var bobStream = embedded.Messages.Subscribe(new SubscribeRequest(), bob.Headers, cancellationToken: cancel.Token);
        using var aliceStream = standalone.Messages.Subscribe(new SubscribeRequest(), alice.Headers, cancellationToken: cancel.Token);
        Assert.Equal(0, (await NextAsync(bobStream, cancel.Token)).PoolLow.Remaining);
        Assert.Equal(0, (await NextAsync(aliceStream, cancel.Token)).PoolLow.Remaining);

        await standalone.SendAsync(alice, bob, "to-bob");
        await embedded.SendAsync(bob, alice, "to-alice");

        var toBob = (await NextAsync(bobStream, cancel.Token)).Packet;
        Assert.Equal("to-bob", toBob.MessageId);
        Assert.Equal(alice.NodeIdentifier, toBob.SenderNodeIdentifier.ToByteArray());
        var toAlice = (await NextAsync(aliceStream, cancel.Token)).Packet;
        Assert.Equal("to-alice", toAlice.MessageId);
        Assert.Equal(bob.User.RootIdentifier, toAlice.SenderRootIdentifier.ToByteArray());
    }

    [Fact]
    public async Task Both_gateways_refuse_bad_input_precisely()
    {
        foreach (var channel in new[] { _embeddedChannel, _standaloneChannel })
        {
            var clients = new TestClients(channel, TimeProvider.System);
            var ex = await Assert.ThrowsAsync<RpcException>(async () => await clients.Auth.CreateChallengeAsync(
                new CreateChallengeRequest { NodeIdentifier = ByteString.CopyFrom(new byte[3]) }));
            Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        }
    }

    public async Task DisposeAsync()
    {
        _embeddedChannel?.Dispose();
        _standaloneChannel?.Dispose();
        if (_standalone is not null)
        {
            await _standalone.DisposeAsync();
        }

        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    private static async Task<ServerEvent> NextAsync(AsyncServerStreamingCall<ServerEvent> call, CancellationToken cancellationToken)
    {
        Assert.True(await call.ResponseStream.MoveNext(cancellationToken));
        return call.ResponseStream.Current;
    }
}
