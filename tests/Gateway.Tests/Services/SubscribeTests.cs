using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Tests.Fixtures;

namespace Wickr.Cluster.Gateway.Tests.Services;

[Collection(GatewayCollection.Name)]
public sealed class SubscribeTests(GatewayFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private TestClients Clients => fixture.Clients;

    [Fact]
    public async Task The_stream_drains_the_backlog_in_order_then_pushes_new_packets()
    {
        var alice = await Clients.NewDeviceAsync();
        var bob = await Clients.NewDeviceAsync();
        await Clients.UploadKeysAsync(bob, TestLimits.PoolLowWaterMark);

        // More than one read batch (100) of backlog.
        const int Backlog = 105;
        for (var i = 0; i < Backlog; i++)
        {
            await Clients.SendAsync(alice, bob, $"old-{i}", bodyBytes: 10);
        }

        using var cancel = new CancellationTokenSource(Wait);
        using var call = Clients.Messages.Subscribe(new SubscribeRequest(), bob.Headers, cancellationToken: cancel.Token);
        var received = new List<InboundPacket>();
        for (var i = 0; i < Backlog; i++)
        {
            received.Add(await NextPacketAsync(call, cancel.Token));
        }

        Assert.Equal(Enumerable.Range(0, Backlog).Select(i => $"old-{i}"), received.Select(p => p.MessageId));
        Assert.True(received.Zip(received.Skip(1)).All(pair => pair.First.Sequence < pair.Second.Sequence));

        await Clients.SendAsync(alice, bob, "live-1");
        await Clients.SendAsync(alice, bob, "live-2");
        var live1 = await NextPacketAsync(call, cancel.Token);
        var live2 = await NextPacketAsync(call, cancel.Token);
        Assert.Equal(["live-1", "live-2"], new[] { live1.MessageId, live2.MessageId });
        Assert.Equal(alice.NodeIdentifier, live1.SenderNodeIdentifier.ToByteArray());

        // Packets stay until acknowledged.
        var ack = new AckRequest();
        ack.Sequences.AddRange(received.Select(p => p.Sequence).Append(live1.Sequence).Append(live2.Sequence));
        Assert.Equal(Backlog + 2, (await Clients.Messages.AckAsync(ack, bob.Headers)).Deleted);
    }

    [Fact]
    public async Task The_stream_starts_after_the_given_sequence()
    {
        var alice = await Clients.NewDeviceAsync();
        var bob = await Clients.NewDeviceAsync();
        await Clients.UploadKeysAsync(bob, TestLimits.PoolLowWaterMark);
        await Clients.SendAsync(alice, bob, "seen");
        await Clients.SendAsync(alice, bob, "unseen");
        var seen = (await Clients.Messages.FetchPacketsAsync(new FetchPacketsRequest { MaxCount = 1 }, bob.Headers)).Packets[0];

        using var cancel = new CancellationTokenSource(Wait);
        using var call = Clients.Messages.Subscribe(new SubscribeRequest { AfterSequence = seen.Sequence }, bob.Headers, cancellationToken: cancel.Token);
        Assert.Equal("unseen", (await NextPacketAsync(call, cancel.Token)).MessageId);
    }

    [Fact]
    public async Task A_low_pool_is_signalled_at_connect_and_when_claims_drain_it()
    {
        var owner = await Clients.NewDeviceAsync();
        var claimer = await Clients.NewDeviceAsync();

        // Empty pool: told at once.
        using (var cancelFirst = new CancellationTokenSource(Wait))
        using (var first = Clients.Messages.Subscribe(new SubscribeRequest(), owner.Headers, cancellationToken: cancelFirst.Token))
        {
            Assert.True(await first.ResponseStream.MoveNext(cancelFirst.Token));
            Assert.Equal(0, first.ResponseStream.Current.PoolLow.Remaining);
        }

        await Clients.UploadKeysAsync(owner, TestLimits.PoolLowWaterMark + 1);
        using var cancel = new CancellationTokenSource(Wait);
        using var call = Clients.Messages.Subscribe(new SubscribeRequest(), owner.Headers, cancellationToken: cancel.Token);
        var next = call.ResponseStream.MoveNext(cancel.Token);

        var claim = new ClaimKeysRequest();
        claim.NodeIdentifiers.Add(ByteString.CopyFrom(owner.NodeIdentifier));
        await Clients.Keys.ClaimKeysAsync(claim, claimer.Headers);
        await Clients.Keys.ClaimKeysAsync(claim, claimer.Headers);

        Assert.True(await next);
        Assert.Equal(ServerEvent.EventOneofCase.PoolLow, call.ResponseStream.Current.EventCase);
        Assert.Equal(TestLimits.PoolLowWaterMark - 1, call.ResponseStream.Current.PoolLow.Remaining);
    }

    [Fact]
    public async Task A_cancelled_stream_ends_and_a_new_one_resumes_from_the_mailbox()
    {
        var alice = await Clients.NewDeviceAsync();
        var bob = await Clients.NewDeviceAsync();
        await Clients.UploadKeysAsync(bob, TestLimits.PoolLowWaterMark);
        await Clients.SendAsync(alice, bob, "one");

        using (var cancel = new CancellationTokenSource(Wait))
        {
            using var call = Clients.Messages.Subscribe(new SubscribeRequest(), bob.Headers, cancellationToken: cancel.Token);
            Assert.Equal("one", (await NextPacketAsync(call, cancel.Token)).MessageId);
            await cancel.CancelAsync();
            var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        }

        await Clients.SendAsync(alice, bob, "two");
        using var again = new CancellationTokenSource(Wait);
        using var resumed = Clients.Messages.Subscribe(new SubscribeRequest(), bob.Headers, cancellationToken: again.Token);
        Assert.Equal("one", (await NextPacketAsync(resumed, again.Token)).MessageId);
        Assert.Equal("two", (await NextPacketAsync(resumed, again.Token)).MessageId);
    }

    [Fact]
    public async Task The_stream_ends_unauthenticated_when_its_node_is_removed()
    {
        var bob = await Clients.NewDeviceAsync();
        await Clients.UploadKeysAsync(bob, TestLimits.PoolLowWaterMark);
        using var cancel = new CancellationTokenSource(Wait);
        using var call = Clients.Messages.Subscribe(new SubscribeRequest(), bob.Headers, cancellationToken: cancel.Token);
        var next = call.ResponseStream.MoveNext(cancel.Token);

        await Clients.Accounts.RemoveNodeAsync(bob.User.RemoveNodeRequest(bob, fixture.Time.GetUtcNow()));

        // The doorbell subscription is renewed at half its lifetime (2 minutes); the renewal finds the node gone.
        // The server arms its renewal timer on its own schedule, so the clock moves on until the stream ends.
        for (var i = 0; i < 60 && !next.IsCompleted; i++)
        {
            fixture.Time.Advance(TimeSpan.FromSeconds(30));
            await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(250)));
        }

        var ex = await Assert.ThrowsAsync<RpcException>(() => next);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Contains("removed", ex.Status.Detail, StringComparison.Ordinal);
    }

    private static async Task<InboundPacket> NextPacketAsync(AsyncServerStreamingCall<ServerEvent> call, CancellationToken cancellationToken)
    {
        Assert.True(await call.ResponseStream.MoveNext(cancellationToken));
        Assert.Equal(ServerEvent.EventOneofCase.Packet, call.ResponseStream.Current.EventCase);
        return call.ResponseStream.Current.Packet;
    }
}
