using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests.Nodes;

/// <summary>
/// The per-user quota of packets stored in all mailboxes together (<see cref="IMailboxQuotaGrain"/>), played as the attack
/// it stops: one user spreading packets over many recipients' mailboxes. Packets here are one grant each, so the quota holds
/// exactly <see cref="Fit"/> of them. Every test has its own users.
/// </summary>
public sealed class MailboxQuotaTests(SqliteQuotaClusterFixture fixture) : IClassFixture<SqliteQuotaClusterFixture>
{
    private const int Packet = (int)SqliteQuotaClusterFixture.GrantBytes;
    private const int Fit = (int)(SqliteQuotaClusterFixture.QuotaBytes / Packet);
    private static readonly MailboxOptions Shipped = new();

    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task One_user_mailing_many_mailboxes_is_refused_at_its_quota_and_another_users_packets_still_get_in()
    {
        var victims = await VictimsAsync(Fit + 4);
        var recipients = victims.Select(v => v.Node.NodeId).ToArray();
        var attacker = Sender.New();
        var sends = Client.GetSenderGrain(attacker.RootIdentifier);

        // One send to twenty mailboxes: sixteen copies fit in the attacker's quota, each of the other four is refused alone.
        var first = await sends.SendAsync(attacker.Envelope("flood-0", TestData.Packet(Packet)), recipients);
        Assert.Equal(Fit, first.Deliveries.Count(d => d.ErrorCode is null));
        var refused = first.Deliveries.Where(d => d.ErrorCode is not null).ToList();
        Assert.Equal(4, refused.Count);
        Assert.All(refused, d => Assert.Equal(ClusterErrorCode.LimitExceeded, d.ErrorCode));
        Assert.All(refused, d => Assert.Contains("quota", d.ErrorMessage, StringComparison.Ordinal));

        // Every copy of the next send is refused, a one-byte packet too; nothing was half-written anywhere.
        var second = await sends.SendAsync(attacker.Envelope("flood-1", TestData.Packet(Packet)), recipients);
        Assert.All(second.Deliveries, d => Assert.Equal(ClusterErrorCode.LimitExceeded, d.ErrorCode));
        await ClusterAssert.FailsWith(ClusterErrorCode.LimitExceeded,
            () => victims[^1].NodeGrain.EnqueueAsync(attacker, "flood-tiny", TestData.Packet(1)));
        var stored = 0;
        foreach (var victim in victims)
        {
            stored += (await victim.NodeGrain.ReadAllAsync()).Count(p => p.Envelope.SenderRootIdentifier.AsSpan().SequenceEqual(attacker.RootIdentifier));
        }

        Assert.Equal(Fit, stored);
        Assert.Equal(SqliteQuotaClusterFixture.QuotaBytes, await Quota(attacker).GetUsedAsync());

        // Another user's packet reaches every victim, those the attacker filled its quota with included (twenty mailboxes
        // asking the friend's quota for grants at once each get some of it).
        var friend = Sender.New();
        var delivered = await Client.GetSenderGrain(friend.RootIdentifier).SendAsync(friend.Envelope("hello", TestData.Packet(1000)), recipients);
        Assert.All(delivered.Deliveries, d => Assert.Null(d.ErrorCode));
        Assert.All(await Task.WhenAll(victims.Select(v => v.NodeGrain.ReadAllAsync())),
            queued => Assert.Contains(queued, p => p.MessageId == "hello"));
    }

    [Fact]
    public async Task An_acknowledgement_gives_the_quota_back_and_the_sender_may_send_again()
    {
        var victims = await VictimsAsync(Fit + 1);
        var sender = Sender.New();
        for (var i = 0; i < Fit; i++)
        {
            Assert.False((await victims[i].NodeGrain.EnqueueAsync(sender, "m", TestData.Packet(Packet))).Duplicate);
        }

        var last = victims[Fit].NodeGrain;
        await ClusterAssert.FailsWith(ClusterErrorCode.LimitExceeded, () => last.EnqueueAsync(sender, "m", TestData.Packet(Packet)));
        Assert.Empty(await last.ReadAsync(0, 10));

        // The first victim reads and acknowledges: its copy's room is the sender's again, for any mailbox.
        var read = await victims[0].NodeGrain.ReadAsync(0, 10);
        Assert.Equal(1, await victims[0].NodeGrain.AckAsync([read.Single().Sequence]));
        Assert.Equal(SqliteQuotaClusterFixture.QuotaBytes - Packet, await Quota(sender).GetUsedAsync());
        Assert.False((await last.EnqueueAsync(sender, "m", TestData.Packet(Packet))).Duplicate);
        await ClusterAssert.FailsWith(ClusterErrorCode.LimitExceeded, () => last.EnqueueAsync(sender, "m2", TestData.Packet(Packet)));

        // Also when the mailbox acknowledging has re-activated meanwhile (the packet's size and age come from storage).
        var sequence = (await victims[1].NodeGrain.ReadAsync(0, 1)).Single().Sequence;
        await fixture.Cluster.DeactivateAsync(victims[1].NodeGrain);
        Assert.Equal(1, await victims[1].NodeGrain.AckAsync([sequence]));
        Assert.Equal(SqliteQuotaClusterFixture.QuotaBytes - Packet, await Quota(sender).GetUsedAsync());
        Assert.False((await last.EnqueueAsync(sender, "m2", TestData.Packet(Packet))).Duplicate);
    }

    [Fact]
    public async Task Charges_lapse_with_their_packets_retention_though_nothing_released_them()
    {
        var victims = await VictimsAsync(Fit);
        var sender = Sender.New();
        foreach (var victim in victims)
        {
            await victim.NodeGrain.EnqueueAsync(sender, "kept", TestData.Packet(Packet));
        }

        await ClusterAssert.FailsWith(ClusterErrorCode.LimitExceeded, () => victims[0].NodeGrain.EnqueueAsync(sender, "more", TestData.Packet(Packet)));

        // Nobody reads, acknowledges or sweeps. Within retention the charges stay...
        fixture.Time.Advance(Shipped.Retention - TimeSpan.FromMinutes(1));
        Assert.Equal(SqliteQuotaClusterFixture.QuotaBytes, await Quota(sender).GetUsedAsync());

        // ...and once the packets' retention (and their grants', to the hour) has passed, they lapse by themselves.
        fixture.Time.Advance(Shipped.QuotaGrantLifetime + TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        Assert.Equal(0, await Quota(sender).GetUsedAsync());
        Assert.False((await victims[0].NodeGrain.EnqueueAsync(sender, "more", TestData.Packet(Packet))).Duplicate);
        Assert.Equal(["more"], (await victims[0].NodeGrain.ReadAllAsync()).Select(p => p.MessageId));
    }

    [Fact]
    public async Task A_grant_is_charged_at_once_and_what_it_leaves_unspent_goes_back_when_its_lifetime_ends()
    {
        var victim = (await VictimsAsync(1))[0].NodeGrain;
        var sender = Sender.New();
        const int small = 1000;
        await victim.EnqueueAsync(sender, "one", TestData.Packet(small));
        Assert.Equal(SqliteQuotaClusterFixture.GrantBytes, await Quota(sender).GetUsedAsync());

        // Spent from the grant: a second packet and a retried one cost the quota nothing more.
        await victim.EnqueueAsync(sender, "two", TestData.Packet(small));
        Assert.True((await victim.EnqueueAsync(sender, "one", TestData.Packet(small))).Duplicate);
        Assert.Equal(SqliteQuotaClusterFixture.GrantBytes, await Quota(sender).GetUsedAsync());

        // The mailbox's first use after the grant's lifetime (and its sweep interval) gives the rest back.
        fixture.Time.Advance(Shipped.QuotaGrantLifetime + Shipped.ExpirySweepInterval);
        var queued = await victim.ReadAsync(0, 10);
        Assert.Equal(2 * small, await Quota(sender).GetUsedAsync());

        Assert.Equal(2, await victim.AckAsync(queued.Select(p => p.Sequence).ToArray()));
        Assert.Equal(0, await Quota(sender).GetUsedAsync());
    }

    [Fact]
    public async Task Removing_a_node_gives_its_senders_quota_back()
    {
        var victim = (await VictimsAsync(1))[0];
        var sender = Sender.New();
        var other = Sender.New();
        for (var i = 0; i < 3; i++)
        {
            await victim.NodeGrain.EnqueueAsync(sender, $"m{i}", TestData.Packet(Packet));
        }

        await victim.NodeGrain.EnqueueAsync(other, "m", TestData.Packet(100));
        Assert.Equal(3 * Packet, await Quota(sender).GetUsedAsync());

        await victim.User.RemoveNodeAsync(victim.Node.NodeId);
        Assert.Equal(0, await Quota(sender).GetUsedAsync());
        Assert.Equal(0, await Quota(other).GetUsedAsync());
    }

    [Fact]
    public async Task The_quota_refuses_malformed_calls_and_made_up_keys_and_a_release_never_makes_room_that_was_not_charged()
    {
        var quota = Quota(Sender.New());
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => quota.ReserveAsync(null, 0, 1));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => quota.ReserveAsync(null, 2, 1));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => quota.ReleaseAsync(null!));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => Client.GetGrain<IMailboxQuotaGrain>("Not-A-Root").GetUsedAsync());
        Assert.Equal(0, await quota.GetUsedAsync());

        // A grant takes at most a sixteenth of the room left, unless the packet needs more; nothing beyond the quota.
        var first = await quota.ReserveAsync(null, 1, 2 * SqliteQuotaClusterFixture.QuotaBytes);
        Assert.Equal(SqliteQuotaClusterFixture.QuotaBytes / 16, first.Bytes);
        var whole = await quota.ReserveAsync(null, SqliteQuotaClusterFixture.QuotaBytes - first.Bytes, 2 * SqliteQuotaClusterFixture.QuotaBytes);
        Assert.Equal(SqliteQuotaClusterFixture.QuotaBytes - first.Bytes, whole.Bytes);
        await ClusterAssert.FailsWith(ClusterErrorCode.LimitExceeded, () => quota.ReserveAsync(null, 1, 1));

        // What a mailbox gives back with its next ask is room again; a release beyond what was charged stops at zero.
        var next = await quota.ReserveAsync(new MailboxCharge(whole.ExpiresAt, 100), 50, 50);
        Assert.Equal(50, next.Bytes);
        Assert.Equal(SqliteQuotaClusterFixture.QuotaBytes - 50, await quota.GetUsedAsync());
        await quota.ReleaseAsync([new MailboxCharge(whole.ExpiresAt, 10 * SqliteQuotaClusterFixture.QuotaBytes)]);
        Assert.Equal(0, await quota.GetUsedAsync());
        await quota.ReleaseAsync([new MailboxCharge(whole.ExpiresAt, 1)]);
        Assert.Equal(0, await quota.GetUsedAsync());
    }

    private IMailboxQuotaGrain Quota(Sender sender) => Client.GetMailboxQuotaGrain(sender.RootIdentifier);

    private async Task<RegisteredNode[]> VictimsAsync(int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => RegisteredNode.CreateAsync(Client)));
}
