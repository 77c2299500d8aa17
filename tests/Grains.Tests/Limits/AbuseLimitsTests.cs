using Orleans.Runtime;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests.Limits;

/// <summary>
/// Strangers against the grains' limits with the shipped numbers: the per-sender share of a mailbox, the claim limits
/// per claiming user and per pool (persisted), the send budgets, and made-up ids that must leave nothing behind.
/// </summary>
public sealed class AbuseLimitsTests(SqliteLimitsClusterFixture fixture) : IClassFixture<SqliteLimitsClusterFixture>
{
    private static readonly MailboxOptions Mailbox = Shipped();
    private static readonly EphemeralKeyPoolOptions Pool = new();
    private static readonly SenderOptions Send = new();

    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task A_stranger_gets_only_its_share_of_a_mailbox_the_refusal_tells_no_counters_and_a_friend_still_gets_in()
    {
        var victim = await RegisteredNode.CreateAsync(Client);
        var stranger = Sender.New();
        var packet = TestLimits.MaxPacketBytes;
        var share = (int)(Mailbox.MaxSenderBytes / packet);
        for (var i = 0; i < share; i++)
        {
            await victim.NodeGrain.EnqueueAsync(stranger, $"flood-{i}", TestData.Packet(packet));
        }

        var refused = await ClusterAssert.FailsWith(ClusterErrorCode.MailboxFull,
            () => victim.NodeGrain.EnqueueAsync(stranger, "flood-more", TestData.Packet(packet)));
        Assert.DoesNotMatch("[0-9]", refused.Message);
        var queued = await victim.NodeGrain.ReadAllAsync();
        Assert.Equal(share, queued.Count);
        Assert.True(queued.Sum(p => (long)p.Packet.Length) <= Mailbox.MaxSenderBytes);

        var friend = Sender.New();
        Assert.False((await victim.NodeGrain.EnqueueAsync(friend, "hello", TestData.Packet(packet))).Duplicate);

        // The share is rebuilt from storage: a deactivation gives the stranger nothing back.
        await fixture.Cluster.DeactivateAsync(victim.NodeGrain);
        await ClusterAssert.FailsWith(ClusterErrorCode.MailboxFull,
            () => victim.NodeGrain.EnqueueAsync(stranger, "flood-after", TestData.Packet(packet)));

        // What the victim acknowledges frees the stranger's share again.
        var first = (await victim.NodeGrain.ReadAsync(0, 1)).Single();
        Assert.Equal(1, await victim.NodeGrain.AckAsync([first.Sequence]));
        Assert.False((await victim.NodeGrain.EnqueueAsync(stranger, "flood-again", TestData.Packet(packet))).Duplicate);
    }

    [Fact]
    public async Task Ten_strangers_share_one_slice_of_a_mailbox_and_a_contacts_messages_still_get_in()
    {
        var victim = await RegisteredNode.CreateAsync(Client);
        var friend = await RegisteredNode.CreateAsync(Client);
        const int packet = 16 * 1024;

        // The victim has written to the friend before: the node grain that stored it recorded the friend as a contact.
        await friend.NodeGrain.EnqueueAsync(new Sender(victim.RootIdentifier, victim.Node.NodeId), "hi", TestData.Packet(packet));
        await ContactRecordedAsync(victim.RootIdentifier, friend.RootIdentifier);

        // Ten free accounts flood the victim, each up to its own share: together they hold one stranger slice.
        var sybils = Enumerable.Range(0, 10).Select(_ => Sender.New()).ToList();
        var stored = 0;
        foreach (var sybil in sybils)
        {
            for (var i = 0; i < 10; i++)
            {
                try
                {
                    await victim.NodeGrain.EnqueueAsync(sybil, $"flood-{i}", TestData.Packet(packet));
                    stored++;
                }
                catch (ClusterException ex) when (ex.Code == ClusterErrorCode.MailboxFull)
                {
                    Assert.DoesNotMatch("[0-9]", ex.Message);
                }
            }
        }

        Assert.Equal((int)(Mailbox.MaxStrangerBytes / packet), stored);
        Assert.True((long)stored * packet <= Mailbox.MaxStrangerBytes);

        // The friend gets its whole share in (six of these packets; without the slice the flood left room for four).
        var friendSender = new Sender(friend.RootIdentifier, friend.Node.NodeId);
        var friendShare = (int)(Mailbox.MaxSenderBytes / packet);
        for (var i = 0; i < friendShare; i++)
        {
            Assert.False((await victim.NodeGrain.EnqueueAsync(friendSender, $"friend-{i}", TestData.Packet(packet))).Duplicate);
        }

        // Rebuilt from storage and the contacts grain: a deactivation gives the strangers nothing back.
        await fixture.Cluster.DeactivateAsync(victim.NodeGrain);
        await ClusterAssert.FailsWith(ClusterErrorCode.MailboxFull,
            () => victim.NodeGrain.EnqueueAsync(Sender.New(), "one-more", TestData.Packet(packet)));

        // Someone the victim writes to is a contact from then on, beyond the strangers' spent slice.
        var answeredNode = await RegisteredNode.CreateAsync(Client);
        await Client.GetNodeGrain(answeredNode.Node.NodeId).EnqueueAsync(new Sender(victim.RootIdentifier, victim.Node.NodeId), "reply", TestData.Packet(packet));
        var contact = new Sender(answeredNode.RootIdentifier, answeredNode.Node.NodeId);
        await ContactRecordedAsync(victim.RootIdentifier, answeredNode.RootIdentifier);
        Assert.False((await victim.NodeGrain.EnqueueAsync(contact, "thanks", TestData.Packet(packet))).Duplicate);
    }

    [Fact]
    public async Task A_stranger_is_not_asked_about_at_every_packet_and_counts_as_a_contact_once_the_answer_runs_out()
    {
        var victim = await RegisteredNode.CreateAsync(Client);
        var stranger = await RegisteredNode.CreateAsync(Client);
        var strangerSender = new Sender(stranger.RootIdentifier, stranger.Node.NodeId);
        const int packet = 16 * 1024;

        // The stranger writes first and is remembered as one; free accounts then spend the rest of the strangers' slice.
        await victim.NodeGrain.EnqueueAsync(strangerSender, "hello", TestData.Packet(packet));
        var stored = 1;
        while (stored < Mailbox.MaxStrangerBytes / packet)
        {
            var sybil = Sender.New();
            for (var i = 0; i < Mailbox.MaxSenderBytes / packet && stored < Mailbox.MaxStrangerBytes / packet; i++, stored++)
            {
                await victim.NodeGrain.EnqueueAsync(sybil, $"flood-{i}", TestData.Packet(packet));
            }
        }

        await ClusterAssert.FailsWith(ClusterErrorCode.MailboxFull, () => victim.NodeGrain.EnqueueAsync(Sender.New(), "one-more", TestData.Packet(packet)));

        // The victim answers the stranger. The mailbox keeps its answer for the recheck interval: until then the sender
        // still counts against the spent slice (a stale answer only ever refuses more, never lets a stranger in).
        await Client.GetNodeGrain(stranger.Node.NodeId).EnqueueAsync(new Sender(victim.RootIdentifier, victim.Node.NodeId), "reply", TestData.Packet(packet));
        await ContactRecordedAsync(victim.RootIdentifier, stranger.RootIdentifier);
        await ClusterAssert.FailsWith(ClusterErrorCode.MailboxFull, () => victim.NodeGrain.EnqueueAsync(strangerSender, "too-soon", TestData.Packet(packet)));

        fixture.Time.Advance(Mailbox.StrangerRecheckInterval);
        Assert.False((await victim.NodeGrain.EnqueueAsync(strangerSender, "in-time", TestData.Packet(packet))).Duplicate);
    }

    // The record is made without waiting (one-way) by the recipient's node grain; wait for it to land.
    private async Task ContactRecordedAsync(byte[] user, byte[] contact)
    {
        var contacts = Client.GetGrain<IContactsGrain>(GrainKeys.ForRoot(user));
        for (var i = 0; i < 200 && !(await contacts.AreContactsAsync([GrainKeys.ForRoot(contact)]))[0]; i++)
        {
            await Task.Delay(10);
        }

        Assert.True((await contacts.AreContactsAsync([GrainKeys.ForRoot(contact)]))[0]);
    }

    [Fact]
    public async Task A_resend_after_the_ack_is_not_stored_again_and_the_id_is_free_after_retention()
    {
        var node = await RegisteredNode.CreateAsync(Client);
        var sender = Sender.New();
        var first = await node.NodeGrain.EnqueueAsync(sender, "once", TestData.Packet());
        await node.NodeGrain.AckAsync([first.Sequence]);

        var resend = await node.NodeGrain.EnqueueAsync(sender, "once", TestData.Packet());
        Assert.Equal(new EnqueueResult(first.Sequence, Duplicate: true), resend);
        Assert.Empty(await node.NodeGrain.ReadAsync(0, 10));

        fixture.Time.Advance(Mailbox.Retention + Mailbox.ExpirySweepInterval);
        await node.NodeGrain.ReadAsync(0, 1); // the first call after the sweep interval sweeps
        Assert.False((await node.NodeGrain.EnqueueAsync(sender, "once", TestData.Packet())).Duplicate);
    }

    [Fact]
    public async Task Claims_are_limited_per_claiming_user_to_a_share_of_the_pool_and_no_deactivation_resets_the_limit()
    {
        var victim = await RegisteredNode.CreateAsync(Client);
        await victim.Pool.UploadAsync(TestData.EphemeralKeys(1, 100));
        await victim.Pool.SetLastResortKeyAsync(TestData.EphemeralKey(10_000));
        var stranger = TestData.RootIdentifier();

        // 2 % of 100 keys a minute: two at once, then one every 30 s.
        var (burst, perUnit) = Pool.ClaimerBudget(100);
        Assert.Equal((2, TimeSpan.FromSeconds(30)), (burst, perUnit));
        for (var i = 0; i < burst; i++)
        {
            Assert.False((await victim.Pool.ClaimAsync(stranger)).IsLastResort);
        }

        var refused = await ClusterAssert.FailsWith(ClusterErrorCode.RateLimited, () => victim.Pool.ClaimAsync(stranger));
        Assert.NotNull(refused.RetryAfter);
        Assert.InRange(refused.RetryAfter!.Value, TimeSpan.FromMilliseconds(1), perUnit);

        // Forcing the pool out of memory (idle collection, memory pressure) gives the stranger no fresh budget.
        await fixture.Cluster.DeactivateAsync(victim.Pool);
        await ClusterAssert.FailsWith(ClusterErrorCode.RateLimited, () => victim.Pool.ClaimAsync(stranger));
        Assert.Equal(100 - burst, (await victim.Pool.GetStatusAsync()).Count);

        // Another user still claims one-time keys; the budget refills with time.
        Assert.False((await victim.Pool.ClaimAsync(TestData.RootIdentifier())).IsLastResort);
        fixture.Time.Advance(perUnit);
        Assert.False((await victim.Pool.ClaimAsync(stranger)).IsLastResort);
    }

    [Fact]
    public async Task Ten_accounts_draining_a_200_key_pool_leave_at_least_80_percent_and_are_refused_never_answered_with_the_last_resort_key()
    {
        var victim = await RegisteredNode.CreateAsync(Client);
        await victim.Pool.UploadAsync(TestData.EphemeralKeys(1, 100));
        await victim.Pool.UploadAsync(TestData.EphemeralKeys(101, 100));
        await victim.Pool.SetLastResortKeyAsync(TestData.EphemeralKey(10_000));
        var accounts = Enumerable.Range(0, 10).Select(_ => TestData.RootIdentifier()).ToList();

        // Each account asks as a 64-node account would, for a minute of fake time, a claim round every second.
        var granted = 0;
        var refused = new List<ClusterException>();
        for (var second = 0; second < 60; second++)
        {
            foreach (var account in accounts)
            {
                for (var node = 0; node < 64; node++)
                {
                    try
                    {
                        Assert.False((await victim.Pool.ClaimAsync(account)).IsLastResort);
                        granted++;
                    }
                    catch (ClusterException ex)
                    {
                        refused.Add(ex);
                        break;
                    }
                }
            }

            fixture.Time.Advance(TimeSpan.FromSeconds(1));
        }

        // The pool's ceiling: 10 % of 200 at once, then one every 30 s (two in the minute).
        var (ceiling, perUnit) = Pool.PoolBudget(200);
        Assert.Equal((20, TimeSpan.FromSeconds(30)), (ceiling, perUnit));
        Assert.InRange(granted, ceiling, ceiling + 2);
        Assert.True(200 - granted >= 160, $"the pool kept {200 - granted} of 200");
        Assert.All(refused, ex => Assert.Equal(ClusterErrorCode.RateLimited, ex.Code));
        Assert.Equal(200 - granted, (await victim.Pool.GetStatusAsync()).Count);

        // A new contact gets a one-time key once the ceiling refills.
        fixture.Time.Advance(perUnit);
        Assert.False((await victim.Pool.ClaimAsync(TestData.RootIdentifier())).IsLastResort);
    }

    [Fact]
    public async Task Tiny_uploads_are_charged_a_minimum_refused_beyond_the_upload_rate_and_the_file_count_and_a_deleted_file_gives_its_room_back()
    {
        var files = new FilesOptions();
        var owner = Sender.New();
        var quota = Client.GetFileQuotaGrain(owner.RootIdentifier);
        var token = System.Security.Cryptography.RandomNumberGenerator.GetBytes(Interfaces.Files.FileLimits.ReadTokenBytes);
        var tokenHash = System.Security.Cryptography.SHA256.HashData(token);
        async Task<byte[]> UploadAsync()
        {
            var blobId = Interfaces.Files.BlobKeys.NewId();
            await Client.GetFileGrain(blobId).CreateAsync(owner.RootIdentifier, owner.NodeIdentifier, 1, tokenHash, 0);
            return blobId;
        }

        // A script of one-byte uploads: the burst goes through, each charged the minimum, then the rate refuses it.
        var first = await UploadAsync();
        for (var i = 1; i < files.UploadBurst; i++)
        {
            await UploadAsync();
        }

        Assert.Equal(files.UploadBurst * files.MinChargeBytes, await quota.GetUsedAsync());
        var refused = await ClusterAssert.FailsWith(ClusterErrorCode.RateLimited, UploadAsync);
        Assert.InRange(refused.RetryAfter!.Value, TimeSpan.FromMilliseconds(1), files.UploadRefillInterval);

        // Patient, it reaches the file count (a thousand files, far from 4 GiB) and no further.
        for (var held = files.UploadBurst; held < files.MaxFilesPerUser; held++)
        {
            fixture.Time.Advance(files.UploadRefillInterval);
            await UploadAsync();
        }

        fixture.Time.Advance(files.UploadRefillInterval * files.UploadBurst);
        await ClusterAssert.FailsWith(ClusterErrorCode.LimitExceeded, UploadAsync);
        Assert.Equal(files.MaxFilesPerUser * files.MinChargeBytes, await quota.GetUsedAsync());
        Assert.True(files.MaxFilesPerUser * files.MinChargeBytes < files.QuotaBytesPerUser / 10);

        // A file its recipient downloaded is deleted, and its room and count come back.
        var file = Client.GetFileGrain(first);
        var recipient = TestData.NodeId();
        await file.SetRecipientsAsync(owner.NodeIdentifier, [recipient]);
        await file.AppendAsync(owner.NodeIdentifier, 0, [42]);
        await file.ConfirmDownloadAsync(token, recipient);
        Assert.Equal((files.MaxFilesPerUser - 1) * files.MinChargeBytes, await quota.GetUsedAsync());
        var incomplete = await UploadAsync();

        // An upload given up is cancelled by its uploader, not by anyone else, and its room comes back at once.
        await ClusterAssert.FailsWith(ClusterErrorCode.PermissionDenied, () => Client.GetFileGrain(incomplete).CancelAsync(TestData.NodeId()));
        await ClusterAssert.FailsWith(ClusterErrorCode.LimitExceeded, UploadAsync);
        await Client.GetFileGrain(incomplete).CancelAsync(owner.NodeIdentifier);
        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => Client.GetFileGrain(incomplete).CancelAsync(owner.NodeIdentifier));
        Assert.Equal((files.MaxFilesPerUser - 1) * files.MinChargeBytes, await quota.GetUsedAsync());
        await UploadAsync();
    }

    [Fact]
    public async Task A_sender_is_held_to_its_node_and_user_budgets_and_told_when_to_retry()
    {
        var root = TestData.RootIdentifier();
        var sender = Client.GetSenderGrain(root);
        var laptop = new Sender(root, TestData.NodeId());
        var phone = new Sender(root, TestData.NodeId());

        await sender.SpendAsync(laptop, Send.NodeDeliveryBurst);
        var refused = await ClusterAssert.FailsWith(ClusterErrorCode.RateLimited, () => sender.SpendAsync(laptop, 1));
        Assert.InRange(refused.RetryAfter!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1 / Send.NodeDeliveriesPerSecond));

        // The user's other node has its own node budget, but the user's budget is shared.
        await sender.SpendAsync(phone, Send.UserDeliveryBurst - Send.NodeDeliveryBurst);
        await ClusterAssert.FailsWith(ClusterErrorCode.RateLimited, () => sender.SpendAsync(phone, 1));
        await ClusterAssert.FailsWith(ClusterErrorCode.RateLimited, () => sender.SpendAsync(new Sender(root, TestData.NodeId()), 1));

        // Bytes count as well as deliveries (a send within the delivery burst that stores more than the byte burst); and
        // the budget comes back with time.
        var overBytes = (int)(Send.NodeByteBurst / Send.NodeDeliveryBurst) + 1;
        await ClusterAssert.FailsWith(ClusterErrorCode.TooLarge, () => sender.SpendAsync(laptop, Send.NodeDeliveryBurst, overBytes));
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        await sender.SpendAsync(laptop, 1);
        var otherUser = new Sender(TestData.RootIdentifier(), laptop.NodeIdentifier);
        await Client.GetSenderGrain(otherUser.RootIdentifier).SpendAsync(otherUser, 10);
    }

    [Fact]
    public async Task Made_up_ids_create_no_state_and_leave_no_activation_behind()
    {
        var management = Client.GetGrain<IManagementGrain>(0);

        // The count sees real activations (a registered node keeps its user, node and pool grains active).
        var baseline = await ActivationsAsync(management);
        await RegisteredNode.CreateAsync(Client);
        var before = await ActivationsAsync(management);
        Assert.True(before >= baseline + 3, $"activations {baseline} -> {before}");
        var store = fixture.SiloService<IMailboxStore>();
        var sender = Sender.New();
        var ids = Enumerable.Range(0, 200).Select(_ => TestData.NodeId()).ToList();
        foreach (var id in ids)
        {
            await ClusterAssert.FailsWith(ClusterErrorCode.NotFound,
                () => Client.GetNodeGrain(id).EnqueueAsync(sender, "probe", TestData.Packet()));
            await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => Client.GetEphemeralKeyPoolGrain(id).ClaimAsync(sender.RootIdentifier));
            await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => Client.GetUserGrain(id).GetProfileAsync());
        }

        // Deactivation on idle happens right after each call; give the silos a moment to finish it.
        var after = before + 600;
        for (var i = 0; i < 50 && after > before + 10; i++)
        {
            await Task.Delay(100);
            after = await ActivationsAsync(management);
        }

        Assert.InRange(after, 0, before + 10);
        foreach (var id in ids.Take(20))
        {
            Assert.Equal(0, (await store.SummarizeAsync(GrainKeys.ForNode(id))).Count);
        }

        // No grain state was written for any of them.
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={fixture.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_id FROM grain_state;";
        var stored = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored.Add(reader.GetString(0));
            }
        }

        Assert.NotEmpty(stored);
        Assert.DoesNotContain(stored, row => ids.Any(id => row.Contains(Convert.ToHexStringLower(id), StringComparison.Ordinal)));
    }

    private static async Task<int> ActivationsAsync(IManagementGrain management)
    {
        var statistics = await management.GetSimpleGrainStatistics();
        return statistics
            .Where(s => s.GrainType.Contains("NodeGrain", StringComparison.Ordinal)
                || s.GrainType.Contains("EphemeralKeyPoolGrain", StringComparison.Ordinal)
                || s.GrainType.Contains("UserGrain", StringComparison.Ordinal))
            .Sum(s => s.ActivationCount);
    }

    private static MailboxOptions Shipped()
    {
        var options = new MailboxOptions();
        TestLimits.Mailbox(options);
        options.MaxSenderShare = new MailboxOptions().MaxSenderShare;
        options.MaxStrangerShare = new MailboxOptions().MaxStrangerShare;
        return options;
    }
}
