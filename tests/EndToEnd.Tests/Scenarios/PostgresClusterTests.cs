using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.EphemeralKeys;
using Wickr.Cluster.Protocol.Packets;
using Xunit.Abstractions;

namespace Wickr.Cluster.EndToEnd.Tests.Scenarios;

/// <summary>
/// On-premises scale-out: three silo processes and two standalone gateway processes on one PostgreSQL database. The
/// cluster forms through Orleans' ADO.NET membership, a packet sent through one gateway is fetched through the other,
/// and one silo is SIGKILLed in the middle of a send load and started again: every send answered OK is stored.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PostgresClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Silos = 3;
    private const int Workers = 6;
    private const int OkBeforeKill = 150;
    private const int OkAfterRestart = 150;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly string clusterId = "pg" + Guid.NewGuid().ToString("N")[..10];
    private readonly string tokenSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string logs = Path.Combine(Path.GetTempPath(), "wickr-e2e-pg-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly HostProcess?[] silos = new HostProcess?[Silos];
    private readonly int[][] siloPorts = new int[Silos][];
    private readonly List<HostProcess> gateways = [];
    private readonly List<GrpcChannel> channels = [];
    private string database = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(logs);
        database = await Postgres.CreateDatabaseAsync("scale");
        for (var i = 0; i < Silos; i++)
        {
            // The first silo migrates the empty database; the others only check it.
            await StartSiloAsync(i, migrate: i == 0);
        }

        for (var i = 0; i < 2; i++)
        {
            var gateway = HostProcess.Start($"gateway{i}", ClusterBuild.GatewayAssembly, Shared(new()
            {
                ["Gateway__Urls"] = "http://127.0.0.1:0",
                ["Gateway__TokenSecret"] = tokenSecret,
                ["Gateway__GenerateTokenSecretIfMissing"] = "false",
            }), Path.Combine(logs, $"gateway{i}.log"));
            gateways.Add(gateway);
            channels.Add(GrpcChannel.ForAddress(await gateway.AddressAsync(HostProcess.GatewayUrls, StartTimeout)));
        }
    }

    [Fact]
    public async Task Three_silos_and_two_gateways_deliver_across_gateways_and_lose_nothing_acknowledged_when_a_silo_is_killed()
    {
        Assert.Equal(Silos, await ActiveSilosAsync());

        // Sender on the first gateway, recipient on the second: every send crosses from one gateway to the other.
        var suite = P521Suite.Instance;
        using var senderUser = await WickrAccounts.EnrollUserAsync(channels[0], "pg-sender");
        using var recipientUser = await WickrAccounts.EnrollUserAsync(channels[1], "pg-recipient");
        await using var sender = await WickrAccounts.RegisterDeviceAsync(channels[0], senderUser, [1]);
        await using var recipient = await WickrAccounts.RegisterDeviceAsync(channels[1], recipientUser, [2]);
        var senderHeaders = Bearer(await sender.Session.TokenAsync(CancellationToken.None));
        var recipientHeaders = Bearer(await recipient.Session.TokenAsync(CancellationToken.None));
        using var keys = new EphemeralKeyPool(suite, recipient.Device.NodeKey, 1_000_000_000);
        var target = new RecipientNode(recipient.Device.Chain, recipient.Device.DevId, keys.Generate(1)[0]);
        var packet = new PacketEncoder(suite).Encode(sender.Device.Sender, [(target, recipientUser.Root)], new PlainMessage(new PacketMetadata(0, 0, [], 0), new byte[64]));
        var request = new SendPacketRequest
        {
            Packet = ByteString.CopyFrom(packet),
            RecipientNodeIdentifiers = { ByteString.CopyFrom(recipient.Device.Chain.Node.Identifier) },
        };

        var first = request.Clone();
        first.MessageId = "cross-gateway";
        Assert.Equal(0, (await new Messages.MessagesClient(channels[0]).SendPacketAsync(first, senderHeaders)).Deliveries.Single().ErrorCode);
        var fetched = await new Messages.MessagesClient(channels[1]).FetchPacketsAsync(new FetchPacketsRequest { MaxCount = 10 }, recipientHeaders);
        Assert.Equal("cross-gateway", Assert.Single(fetched.Packets).MessageId);

        // The load: workers on both gateways send until told to stop; a send that fails was never promised.
        var acknowledged = new ConcurrentBag<string>();
        var failed = 0;
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var messages = new Messages.MessagesClient(channels[worker % 2]);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var send = request.Clone();
                send.MessageId = string.Create(CultureInfo.InvariantCulture, $"w{worker}-{i}");
                try
                {
                    var reply = await messages.SendPacketAsync(send, senderHeaders, deadline: DateTime.UtcNow.AddSeconds(30));
                    if (reply.Deliveries.Single().ErrorCode == 0)
                    {
                        acknowledged.Add(send.MessageId);
                    }
                }
                catch (RpcException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })).ToArray();

        await WaitForAsync(() => acknowledged.Count >= OkBeforeKill, load);
        var killed = silos[1]!;
        await killed.KillAsync();
        var atKill = acknowledged.Count;

        // The same silo again, on the same ports: a new incarnation, which the membership tells from the dead one.
        await StartSiloAsync(1, migrate: false);
        await WaitForAsync(() => acknowledged.Count >= atKill + OkAfterRestart, load);
        await stop.CancelAsync();
        await Task.WhenAll(load);
        Assert.Equal(Silos, await ActiveSilosAsync());

        var stored = new HashSet<string>();
        var fetch = new Messages.MessagesClient(channels[1]);
        for (long after = 0; ;)
        {
            var page = await fetch.FetchPacketsAsync(new FetchPacketsRequest { AfterSequence = after, MaxCount = 100 }, recipientHeaders);
            if (page.Packets.Count == 0)
            {
                break;
            }

            stored.UnionWith(page.Packets.Select(p => p.MessageId));
            after = page.Packets[^1].Sequence;
        }

        var answered = acknowledged.ToHashSet();
        output.WriteLine($"{answered.Count} sends answered OK ({atKill} before the kill), {failed} failed while the silo was down, {stored.Count} stored");
        var lost = answered.Except(stored).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {answered.Count} sends answered OK are missing, e.g. {string.Join(", ", lost.Take(5))}");
    }

    public async Task DisposeAsync()
    {
        foreach (var channel in channels)
        {
            channel.Dispose();
        }

        foreach (var host in gateways.Concat(silos.OfType<HostProcess>()))
        {
            await host.DisposeAsync();
        }

        await Postgres.DropDatabaseAsync(database);
        Directory.Delete(logs, recursive: true);
    }

    private Dictionary<string, string> Shared(Dictionary<string, string> own)
    {
        own["Silo__Mode"] = "Postgres";
        own["Silo__ClusterId"] = clusterId;
        own["Silo__ServiceId"] = clusterId;
        own["Silo__Postgres__ConnectionString"] = database;

        // Loopback only: the Orleans ports are not reachable from elsewhere, so the cluster's TLS is not needed here.
        own["Silo__Tls__Enabled"] = "false";
        return own;
    }

    private async Task StartSiloAsync(int index, bool migrate)
    {
        if (silos[index] is { } old)
        {
            await old.DisposeAsync();
        }

        async Task<HostProcess> StartOn(int[] ports)
        {
            var silo = HostProcess.Start($"silo{index}", ClusterBuild.SiloAssembly, Shared(new()
            {
                ["Silo__Postgres__MigrateAtStart"] = migrate ? "true" : "false",
                ["Silo__AdvertisedIPAddress"] = "127.0.0.1",
                ["Silo__SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture),
                ["Silo__GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
                ["Kestrel__Endpoints__Http__Url"] = "http://127.0.0.1:0",
                ["Gateway__Enabled"] = "false",
            }), Path.Combine(logs, $"silo{index}-{Environment.TickCount64}.log"));
            try
            {
                await TestCluster.WaitUntilReadyAsync(silo, StartTimeout);
                siloPorts[index] = ports;
                return silo;
            }
            catch
            {
                await silo.DisposeAsync();
                throw;
            }
        }

        silos[index] = siloPorts[index] is { } same ? await StartOn(same) : await Loopback.WithFreePortsAsync(2, StartOn);
    }

    private async Task<long> ActiveSilosAsync()
    {
        // Status 3 is Active in Orleans' membership table.
        await using var dataSource = NpgsqlDataSource.Create(database);
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = $1 AND Status = 3;");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = clusterId });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitForAsync(Func<bool> condition, Task[] load)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!condition())
        {
            Assert.DoesNotContain(load, t => t.IsFaulted);
            Assert.True(DateTime.UtcNow < deadline, "The load made no progress.");
            await Task.Delay(20);
        }
    }

    private static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };
}
