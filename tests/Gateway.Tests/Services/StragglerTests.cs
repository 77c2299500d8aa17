using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Tests.Fixtures;
using Wickr.Cluster.Grains;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Storage;

namespace Wickr.Cluster.Gateway.Tests.Services;

/// <summary>
/// Stragglers on a Subscribe stream: while a node grain moves between silos two activations may both write, each from
/// its own block of sequences, so a packet can be queued BELOW a sequence the stream already sent. The second
/// activation is played by writing its row into the mailbox store directly. Before, the stream read only after the
/// last sequence it sent, and such a packet was never streamed.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class StragglerTests(GatewayFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private TestClients Clients => fixture.Clients;

    [Fact]
    public async Task A_ring_for_a_sequence_below_the_last_sent_streams_the_straggler_and_nothing_twice()
    {
        var (alice, bob) = await DevicesAsync();
        using var cancel = new CancellationTokenSource(Wait);
        using var call = Clients.Messages.Subscribe(new SubscribeRequest(), bob.Headers, cancellationToken: cancel.Token);

        await Clients.SendAsync(alice, bob, "a");
        var a = await NextPacketAsync(call, cancel.Token);
        Assert.Equal("a", a.MessageId);

        // The other activation writes far above this one's block, and rings no doorbell of this stream.
        await WriteAsync(bob, a, sequence: a.Sequence + 900, messageId: "other-activation");

        // This activation's next packet rings; the stream reads on and finds both.
        await Clients.SendAsync(alice, bob, "b");
        Assert.Equal(["b", "other-activation"], [(await NextPacketAsync(call, cancel.Token)).MessageId, (await NextPacketAsync(call, cancel.Token)).MessageId]);

        // Now this activation writes below what the stream sent, and rings for it.
        await Clients.SendAsync(alice, bob, "c");
        var c = await NextPacketAsync(call, cancel.Token);
        Assert.Equal("c", c.MessageId);
        Assert.True(c.Sequence < a.Sequence + 900);

        // The stream still works, and sent none of the earlier packets again (they are all still queued).
        await Clients.SendAsync(alice, bob, "d");
        Assert.Equal("d", (await NextPacketAsync(call, cancel.Token)).MessageId);
        Assert.Equal(5, await Clients.CountQueuedAsync(bob));
    }

    [Fact]
    public async Task A_subscription_renewal_sweeps_the_mailbox_for_a_packet_that_rang_no_doorbell_of_the_stream()
    {
        var (alice, bob) = await DevicesAsync();
        using var cancel = new CancellationTokenSource(Wait);
        using var call = Clients.Messages.Subscribe(new SubscribeRequest(), bob.Headers, cancellationToken: cancel.Token);

        // A packet received proves the stream is subscribed (its renewal is due half a lifetime from then).
        await Clients.SendAsync(alice, bob, "a");
        var a = await NextPacketAsync(call, cancel.Token);

        // The other activation's write: this stream's doorbell is not registered there, so nothing rings.
        await WriteAsync(bob, a, sequence: a.Sequence + 500, messageId: "unrung");
        var lifetime = fixture.Cluster.GetActiveSilos().First().ServiceProvider
            .GetRequiredService<IOptions<MailboxOptions>>().Value.SubscriptionLifetime;
        fixture.Time.Advance(lifetime / 2);

        var swept = await NextPacketAsync(call, cancel.Token);
        Assert.Equal(("unrung", a.Sequence + 500), (swept.MessageId, swept.Sequence));

        // The renewal's sweep sent only what the stream had not sent; live packets still follow.
        await Clients.SendAsync(alice, bob, "b");
        Assert.Equal("b", (await NextPacketAsync(call, cancel.Token)).MessageId);
    }

    private async Task<(TestDevice Alice, TestDevice Bob)> DevicesAsync()
    {
        var alice = await Clients.NewDeviceAsync();
        var bob = await Clients.NewDeviceAsync();
        await Clients.UploadKeysAsync(bob, TestLimits.PoolLowWaterMark);
        return (alice, bob);
    }

    /// <summary>Writes a copy of <paramref name="model"/> with another message id under <paramref name="sequence"/>, as another activation of the node grain would.</summary>
    private async Task WriteAsync(TestDevice node, InboundPacket model, long sequence, string messageId)
    {
        var store = fixture.Cluster.GetActiveSilos().First().ServiceProvider.GetRequiredService<IMailboxStore>();
        var envelope = new MailboxEnvelope(
            model.SenderRootIdentifier.ToByteArray(), model.SenderNodeIdentifier.ToByteArray(), messageId, model.Packet.ToByteArray());
        var result = await store.AppendAsync(GrainKeys.ForNode(node.NodeIdentifier), new StoredPacket(sequence, envelope, fixture.Time.GetUtcNow()));
        Assert.False(result.Duplicate);
    }

    private static async Task<InboundPacket> NextPacketAsync(AsyncServerStreamingCall<ServerEvent> call, CancellationToken cancellationToken)
    {
        while (true)
        {
            Assert.True(await call.ResponseStream.MoveNext(cancellationToken));
            if (call.ResponseStream.Current.EventCase == ServerEvent.EventOneofCase.Packet)
            {
                return call.ResponseStream.Current.Packet;
            }
        }
    }
}
