using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Gateway.Tests.Fixtures;
using Wickr.Cluster.Grains;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Protocol.Enrollment;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.Gateway.Tests.Services;

/// <summary>
/// Stragglers reach a <see cref="WickrClient"/>: a packet queued below a sequence the device already handled (a second
/// activation of its node grain during a move, played by writing the row into the mailbox store directly) is opened
/// and handed over, on the live stream and on a reconnect, each message once. Before, the client acknowledged every
/// packet at or below its last handled sequence WITHOUT opening it, deleting a message never delivered, and read only
/// after that sequence on a reconnect.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class StragglerClientTests(GatewayFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly List<EnrolledUser> _users = [];
    private readonly List<WickrClient> _clients = [];

    [Fact]
    public async Task A_packet_queued_below_a_handled_sequence_is_opened_and_handed_over_live_and_on_reconnect()
    {
        using var cancel = new CancellationTokenSource(Wait);
        var (alice, _) = await DeviceAsync("alice");
        var (bob, bobUser) = await DeviceAsync("bob");
        var bobRoot = bobUser.Root.Identifier;
        await alice.ConnectAsync(cancel.Token);
        await bob.ReplenishAsync(cancel.Token);

        // Two packets queued while Bob is away, then taken out of the store (as if not written yet)...
        var late1 = await SendAsync(alice, bobRoot, "late-1");
        var late2 = await SendAsync(alice, bobRoot, "late-2");
        var store = Store;
        var key = GrainKeys.ForNode(Convert.FromHexString(bob.NodeIdentifierHex));
        var held = await store.ReadAsync(key, 0, 10, cancel.Token);
        Assert.Equal([late1, late2], held.Select(p => p.Envelope.MessageId));
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(held.Select(p => p.Sequence), await store.DeleteEnqueuedBeforeAsync(key, fixture.Time.GetUtcNow(), cancel.Token));

        // ...while higher sequences are handed over: one from the backlog, one on the live stream.
        var early = await SendAsync(alice, bobRoot, "early");
        await bob.ConnectAsync(cancel.Token);
        Assert.Equal(early, (await bob.ReceiveAsync(cancel.Token)).MessageId);
        var live = await SendAsync(alice, bobRoot, "live");
        Assert.Equal(live, (await bob.ReceiveAsync(cancel.Token)).MessageId);
        Assert.True(bob.LastHandledSequence > held[^1].Sequence);

        // The first straggler lands below what Bob handled, and rings nothing: the stream's renewal sweep serves it,
        // and the client opens it instead of acknowledging it unread.
        var rejected = new List<string>();
        bob.PacketRejected += (_, e) => rejected.Add($"{e.Sequence} {e.Error} {e.Reason}");
        Assert.False((await store.AppendAsync(key, held[0], cancel.Token)).Duplicate);
        fixture.Time.Advance(SubscriptionLifetime / 2);
        var first = await bob.ReceiveAsync(cancel.Token);
        Assert.Equal((late1, held[0].Sequence), (first.MessageId, first.Sequence));

        // The second lands while Bob is away: the reconnect reads the mailbox from its start.
        await bob.DisconnectAsync();
        await store.AppendAsync(key, held[1], cancel.Token);
        await bob.ConnectAsync(cancel.Token);
        var second = await bob.ReceiveAsync(cancel.Token);
        Assert.Equal((late2, held[1].Sequence), (second.MessageId, second.Sequence));

        // Nothing was handed over twice (the next message is a new one), and every message is in the store once.
        var after = await SendAsync(alice, bobRoot, "after");
        Assert.Equal(after, (await bob.ReceiveAsync(cancel.Token)).MessageId);
        Assert.Equal(new[] { after, early, late1, late2, live }.Order(StringComparer.Ordinal), bob.Messages.List().Select(m => m.MessageId).Order(StringComparer.Ordinal));
        Assert.Empty(rejected);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        foreach (var user in _users)
        {
            user.Dispose();
        }
    }

    private IMailboxStore Store => fixture.Cluster.GetActiveSilos().First().ServiceProvider.GetRequiredService<IMailboxStore>();

    private TimeSpan SubscriptionLifetime => fixture.Cluster.GetActiveSilos().First().ServiceProvider
        .GetRequiredService<IOptions<MailboxOptions>>().Value.SubscriptionLifetime;

    private WickrClientOptions Options => new()
    {
        PoolTargetSize = TestLimits.PoolMaxKeys,
        TimeProvider = fixture.Time,
    };

    private async Task<(WickrClient Client, EnrolledUser User)> DeviceAsync(string name)
    {
        var channel = fixture.Gateway.Channel;
        var user = await WickrAccounts.EnrollUserAsync(channel, $"{name}-{Guid.NewGuid():N}", Options);
        _users.Add(user);
        var client = await WickrAccounts.RegisterDeviceAsync(channel, user, RandomNumberGenerator.GetBytes(16), Options);
        _clients.Add(client);
        return (client, user);
    }

    private static async Task<string> SendAsync(WickrClient sender, byte[] recipientRoot, string label)
    {
        var message = new PlainMessage(new PacketMetadata(0, 0, Encoding.UTF8.GetBytes("conversation"), 1), Encoding.UTF8.GetBytes(label));
        var sent = await sender.SendAsync(recipientRoot, message);
        Assert.True(sent.AllQueued, string.Join("; ", sent.Failures));
        return sent.MessageId;
    }
}
