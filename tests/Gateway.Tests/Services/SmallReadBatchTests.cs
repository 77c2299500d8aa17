extern alias gateway;
using gateway::Wickr.Cluster.Gateway.Messages;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Tests.Fixtures;
using Wickr.Cluster.Grains;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Gateway.Tests.Services;

/// <summary>
/// A silo configured to return fewer packets per read (<c>Grains:Mailbox:MaxReadBatch</c> = 50) than the gateway asks
/// for (100): the silo clamps each read instead of refusing it, and the gateway reads on, so FetchPackets and Subscribe
/// serve every packet as they do with the defaults. Before, every FetchPackets and Subscribe failed with
/// INVALID_ARGUMENT "A read returns 1 to 50 packets."
/// </summary>
[Collection(SmallReadBatchCollection.Name)]
public sealed class SmallReadBatchTests(SmallReadBatchFixture fixture)
{
    private const int Backlog = 120;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private TestClients Clients => fixture.Clients;

    [Fact]
    public void The_silo_reads_the_setting_and_it_is_below_the_gateways_read_batch()
    {
        var options = fixture.Cluster.GetActiveSilos().First().ServiceProvider.GetRequiredService<IOptions<MailboxOptions>>().Value;
        Assert.Equal(SmallReadBatchFixture.MaxReadBatch, options.MaxReadBatch);
        Assert.True(options.MaxReadBatch < ProtocolLimits.MaxFetchPackets);
    }

    [Fact]
    public async Task FetchPackets_serves_the_whole_backlog_a_silo_batch_at_a_time()
    {
        var (alice, bob) = await BacklogAsync();

        var first = await Clients.Messages.FetchPacketsAsync(new FetchPacketsRequest(), bob.Headers);
        Assert.Equal(SmallReadBatchFixture.MaxReadBatch, first.Packets.Count);

        var all = first.Packets.ToList();
        while (true)
        {
            var page = await Clients.Messages.FetchPacketsAsync(
                new FetchPacketsRequest { AfterSequence = all[^1].Sequence, MaxCount = ProtocolLimits.MaxFetchPackets }, bob.Headers);
            Assert.InRange(page.Packets.Count, 0, SmallReadBatchFixture.MaxReadBatch);
            if (page.Packets.Count == 0)
            {
                break;
            }

            all.AddRange(page.Packets);
        }

        Assert.Equal(Enumerable.Range(0, Backlog).Select(i => $"old-{i}"), all.Select(p => p.MessageId));
        Assert.All(all, p => Assert.Equal(alice.NodeIdentifier, p.SenderNodeIdentifier.ToByteArray()));
    }

    [Fact]
    public async Task Subscribe_streams_the_whole_backlog_then_new_packets()
    {
        var (alice, bob) = await BacklogAsync();

        using var cancel = new CancellationTokenSource(Wait);
        using var call = Clients.Messages.Subscribe(new SubscribeRequest(), bob.Headers, cancellationToken: cancel.Token);
        var received = new List<InboundPacket>();
        for (var i = 0; i < Backlog; i++)
        {
            received.Add(await NextPacketAsync(call, cancel.Token));
        }

        Assert.Equal(Enumerable.Range(0, Backlog).Select(i => $"old-{i}"), received.Select(p => p.MessageId));

        await Clients.SendAsync(alice, bob, "live-1");
        await Clients.SendAsync(alice, bob, "live-2");
        Assert.Equal("live-1", (await NextPacketAsync(call, cancel.Token)).MessageId);
        Assert.Equal("live-2", (await NextPacketAsync(call, cancel.Token)).MessageId);
    }

    [Fact]
    public async Task A_drain_reads_past_short_reads_up_to_the_announced_sequence_and_no_further()
    {
        var (_, bob) = await BacklogAsync();
        var node = fixture.Client.GetNodeGrain(bob.NodeIdentifier);

        // The backlog (nothing announced): on until a read is empty.
        var batches = new List<QueuedPacket[]>();
        var last = await MailboxDrain.DrainAsync(node, 0, announced: null, Collect(batches));
        Assert.Equal([50, 50, 20], batches.Select(b => b.Length));
        Assert.Equal(Enumerable.Range(0, Backlog).Select(i => $"old-{i}"), batches.SelectMany(b => b).Select(p => p.MessageId));
        Assert.Equal(batches[^1][^1].Sequence, last);

        // A ring for the last packet: short reads do not end the drain before it.
        batches.Clear();
        Assert.Equal(last, await MailboxDrain.DrainAsync(node, 0, announced: last, Collect(batches)));
        Assert.Equal([50, 50, 20], batches.Select(b => b.Length));

        // A ring for an early packet: the first short read past it ends the drain; later packets ring on their own.
        batches.Clear();
        var first = await MailboxDrain.DrainAsync(node, 0, announced: 1, Collect(batches));
        Assert.Equal(SmallReadBatchFixture.MaxReadBatch, Assert.Single(batches).Length);
        Assert.Equal(batches[0][^1].Sequence, first);
    }

    private static Func<QueuedPacket[], Task> Collect(List<QueuedPacket[]> batches) => batch =>
    {
        batches.Add(batch);
        return Task.CompletedTask;
    };

    private async Task<(TestDevice Alice, TestDevice Bob)> BacklogAsync()
    {
        var alice = await Clients.NewDeviceAsync();
        var bob = await Clients.NewDeviceAsync();
        await Clients.UploadKeysAsync(bob, TestLimits.PoolLowWaterMark);
        for (var i = 0; i < Backlog; i++)
        {
            Assert.Equal(0, (await Clients.SendAsync(alice, bob, $"old-{i}", bodyBytes: 10)).Deliveries[0].ErrorCode);
        }

        return (alice, bob);
    }

    private static async Task<InboundPacket> NextPacketAsync(AsyncServerStreamingCall<ServerEvent> call, CancellationToken cancellationToken)
    {
        Assert.True(await call.ResponseStream.MoveNext(cancellationToken));
        Assert.Equal(ServerEvent.EventOneofCase.Packet, call.ResponseStream.Current.EventCase);
        return call.ResponseStream.Current.Packet;
    }
}
