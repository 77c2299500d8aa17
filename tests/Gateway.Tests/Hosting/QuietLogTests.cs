using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Tests.Fixtures;

namespace Wickr.Cluster.Gateway.Tests.Hosting;

/// <summary>
/// Costly garbage in the log: a stranger makes unauthenticated calls for made-up nodes by the thousand. With the log
/// levels both hosts ship with, no library (ASP.NET Core, gRPC, Orleans, Polly) may write a line per call, so the log
/// neither fills the disk nor costs the gateway CPU per request.
/// </summary>
[Trait("Category", "Slow")]
public sealed class QuietLogTests : IAsyncLifetime
{
    private const int Calls = 1_000;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _data = Directory.CreateTempSubdirectory("wickr-quiet-log").FullName;
    private readonly string _secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private HostProcess _silo = null!;
    private HostProcess _standalone = null!;

    // The levels the hosts ship with: HostProcess quiets every host to warnings unless told otherwise.
    private static Dictionary<string, string> ShippedLevels(Dictionary<string, string> settings)
    {
        settings["Logging__LogLevel__Default"] = HostProcess.Unset;
        settings["Logging__LogLevel__Microsoft.AspNetCore"] = HostProcess.Unset;
        return settings;
    }

    public async Task InitializeAsync()
    {
        (_silo, var siloGatewayPort) = await Loopback.WithFreePortsAsync(2, async ports =>
        {
            var silo = HostProcess.StartBuilt("Silo", "Wickr.Cluster.Silo.dll", ShippedLevels(new()
            {
                ["Silo__DataDirectory"] = _data,
                ["Silo__SiloPort"] = $"{ports[0]}",
                ["Silo__GatewayPort"] = $"{ports[1]}",
                ["Kestrel__Endpoints__Http__Url"] = "http://127.0.0.1:0",
                ["Gateway__Urls"] = "http://127.0.0.1:0",
                ["Gateway__TokenSecret"] = _secret,
            }));
            try
            {
                await silo.AddressAsync(HostProcess.GatewayUrls, StartTimeout);
                return (silo, ports[1]);
            }
            catch
            {
                await silo.DisposeAsync();
                throw;
            }
        });

        _standalone = HostProcess.StartBuilt("Gateway", "Wickr.Cluster.Gateway.dll", ShippedLevels(new()
        {
            ["Silo__GatewayPort"] = $"{siloGatewayPort}",
            ["Gateway__Urls"] = "http://127.0.0.1:0",
            ["Gateway__TokenSecret"] = _secret,
        }));
        await _standalone.AddressAsync(HostProcess.GatewayUrls, StartTimeout);
    }

    [Fact]
    public async Task A_thousand_unauthenticated_calls_for_made_up_nodes_write_at_most_one_line_per_hundred()
    {
        foreach (var host in new[] { _silo, _standalone })
        {
            using var channel = GrpcChannel.ForAddress(await host.AddressAsync(HostProcess.GatewayUrls, StartTimeout));
            await GrpcHealth.WaitServingAsync(channel, StartTimeout, () => host.Output);
            var clients = new TestClients(channel, TimeProvider.System);

            // Warm: the first call of a kind may log once (a connection, a grain type's first activation).
            await MadeUpCallsAsync(clients, 10);
            var before = host.Lines().Count;
            await MadeUpCallsAsync(clients, Calls);
            var lines = host.Lines().Skip(before).ToList();
            Assert.True(lines.Count <= Calls / 100,
                $"{host.Name} wrote {lines.Count} lines for {Calls} unauthenticated calls:\n{string.Join('\n', lines.Take(20))}");

            // The host still answers a well-formed call.
            var device = await clients.NewDeviceAsync();
            await clients.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), device.Headers);
        }
    }

    // Half CreateChallenge, half CreateToken for nodes nobody registered: both look the node up and answer NOT_FOUND.
    private static async Task MadeUpCallsAsync(TestClients clients, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            var node = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32));
            var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                if (i % 2 == 0)
                {
                    await clients.Auth.CreateChallengeAsync(new CreateChallengeRequest { NodeIdentifier = node });
                }
                else
                {
                    await clients.Keys.ClaimKeysAsync(new ClaimKeysRequest { NodeIdentifiers = { node } });
                }
            });
            Assert.True(ex.StatusCode is StatusCode.NotFound or StatusCode.Unauthenticated, ex.ToString());
        }
    }

    public async Task DisposeAsync()
    {
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
}
