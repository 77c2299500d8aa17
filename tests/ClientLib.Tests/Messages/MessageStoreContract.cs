using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol.Packets;
using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.ClientLib.Tests.Messages;

/// <summary>
/// What every <see cref="IMessageStore"/> does, run against each (in memory and the device store): one lifetime rule
/// (time to live from the signed send time, burn-on-read from the first read), messages named by sequence, the replay
/// check at the door, on a fake clock.
/// </summary>
public abstract class MessageStoreContract : IDisposable
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>The store under test, on <see cref="Time"/>.</summary>
    protected abstract IClientState Store { get; }

    public virtual void Dispose() => GC.SuppressFinalize(this);

    protected ReceivedMessage Text(long sequence, string text, ulong ttl = 0, ulong burn = 0, DateTimeOffset? sentAt = null) => new(
        sequence, $"m{sequence}", "root", "node",
        new PlainMessage(new PacketMetadata(ttl, burn, [], TextBody.ContentType), TextBody.Encode(sentAt ?? Time.GetUtcNow(), text)),
        Time.GetUtcNow(), PinStatus.Matches, false);

    protected ReceivedMessage Opaque(long sequence, ulong ttl = 0, ulong burn = 0) => new(
        sequence, $"m{sequence}", "root", "node", new PlainMessage(new PacketMetadata(ttl, burn, [], 7), [1, 2, 3]),
        Time.GetUtcNow(), PinStatus.Matches, false);

    protected bool Keep(ReceivedMessage message, string? packet = null)
        => Store.Accept(message, SHA256.HashData(Encoding.UTF8.GetBytes(packet ?? $"packet {message.Sequence}")), (ulong)message.Sequence, lastResort: false);

    [Fact]
    public void Time_to_live_counts_from_the_signed_send_time_never_later_than_receipt()
    {
        var sentAt = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromSeconds(50));
        var now = Time.GetUtcNow();
        // Sent 50 s ago with 60 s to live: 10 s are left.
        Assert.True(Keep(Text(1, "late", ttl: 60, sentAt: sentAt)));
        // A send time after receipt (a sender's clock ahead) counts from receipt.
        Assert.True(Keep(Text(2, "from the future", ttl: 60, sentAt: now.AddHours(1))));
        // No signed send time: from receipt.
        Assert.True(Keep(Opaque(3, ttl: 30)));
        Assert.Equal(now.AddSeconds(10), Store.Find(1)!.DeleteAt);
        Assert.Equal(now.AddSeconds(60), Store.Find(2)!.DeleteAt);
        Assert.Equal(now.AddSeconds(30), Store.Find(3)!.DeleteAt);

        Time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(3, Store.Count);
        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(Store.Find(1));
        Assert.Equal([2L, 3L], Store.List().Select(m => m.Sequence));
        Time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal([2L], Store.List().Select(m => m.Sequence));
        Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, Store.Count);
    }

    [Fact]
    public void Burn_on_read_counts_from_the_first_read_not_from_receipt_listing_or_finding()
    {
        Assert.True(Keep(Text(1, "burn me", burn: 5)));
        Time.Advance(TimeSpan.FromHours(1));
        Assert.Single(Store.List());
        var found = Store.Find(1)!;
        Assert.Null(found.ReadAt);
        Assert.Null(found.DeleteAt);

        var read = Store.Read(1)!;
        var firstRead = Time.GetUtcNow();
        Assert.Equal("burn me", read.Text);
        Assert.Equal(firstRead, read.ReadAt);
        Assert.Equal(firstRead.AddSeconds(5), read.DeleteAt);
        Time.Advance(TimeSpan.FromSeconds(3));
        // A second read does not start the countdown again.
        Assert.Equal(firstRead.AddSeconds(5), Store.Read(1)!.DeleteAt);
        Assert.Equal(firstRead, Store.Find(1)!.ReadAt);

        Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(Store.Read(1));
        Assert.Null(Store.Find(1));
        Assert.Empty(Store.List());
    }

    [Fact]
    public void The_earlier_of_time_to_live_and_burn_deadline_wins()
    {
        var now = Time.GetUtcNow();
        Assert.True(Keep(Text(1, "ttl first", ttl: 4, burn: 60)));
        Assert.True(Keep(Text(2, "burn first", ttl: 60, burn: 2)));
        Assert.Equal(now.AddSeconds(4), Store.Read(1)!.DeleteAt);
        Assert.Equal(now.AddSeconds(2), Store.Read(2)!.DeleteAt);

        Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal([1L], Store.List().Select(m => m.Sequence));
        Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(Store.List());
    }

    [Fact]
    public void An_expired_message_is_never_returned_whether_or_not_a_purge_ran()
    {
        Assert.True(Keep(Text(1, "short", ttl: 5)));
        Assert.True(Keep(Text(2, "lasting")));
        Time.Advance(TimeSpan.FromSeconds(5));

        Assert.Null(Store.Find(1));
        Assert.Null(Store.Read(1));
        Assert.Equal(1, Store.Count);
        Assert.Equal([2L], Store.List().Select(m => m.Sequence));
        Store.Purge();
        Assert.Equal(0, Store.Purge());
        Assert.Equal("lasting", Store.Find(2)!.Text);
    }

    [Fact]
    public void Messages_are_named_by_sequence_and_listed_in_mailbox_order_from_any_point()
    {
        Assert.True(Keep(Text(3, "three")));
        Assert.True(Keep(Text(1, "one")));
        Assert.True(Keep(Text(2, "two")));

        Assert.Equal([1L, 2L, 3L], Store.List().Select(m => m.Sequence));
        Assert.Equal([2L, 3L], Store.List(afterSequence: 1).Select(m => m.Sequence));
        Assert.Equal([1L, 2L], Store.List(maxCount: 2).Select(m => m.Sequence));
        Assert.Empty(Store.List(afterSequence: 3));
        Assert.Equal("two", Store.Find(2)!.Text);
        Assert.Null(Store.Find(9));
        Assert.Null(Store.Read(9));
    }

    [Fact]
    public void A_replay_is_refused_and_a_held_sequence_is_not_replaced()
    {
        Assert.True(Keep(Text(1, "first"), packet: "p1"));
        // The server replays the packet under a new message id (the id is not signed) ...
        Assert.False(Keep(Text(2, "first") with { MessageId = "other" }, packet: "p1"));
        // ... or the sender's resend under the same id arrives as a new packet.
        Assert.False(Keep(Text(3, "first") with { MessageId = "m1" }, packet: "p3"));
        Assert.Equal([1L], Store.List().Select(m => m.Sequence));

        // A new message under a sequence already held does not replace the one kept.
        Assert.True(Keep(Text(1, "second") with { MessageId = "m1b" }, packet: "p1b"));
        Assert.Equal("first", Store.Find(1)!.Text);
    }

    [Fact]
    public void Delete_removes_a_message_at_once()
    {
        Assert.True(Keep(Text(1, "delete me")));
        Assert.True(Store.Delete(1));
        Assert.False(Store.Delete(1));
        Assert.Null(Store.Find(1));
        Assert.Null(Store.Read(1));
        Assert.Equal(0, Store.Count);
    }

    [Fact]
    public void A_time_to_live_and_burn_time_beyond_the_calendar_never_run_out()
    {
        Assert.True(Keep(Text(1, "forever", ttl: ulong.MaxValue, burn: ulong.MaxValue)));
        Assert.Null(Store.Read(1)!.DeleteAt);
        Time.Advance(TimeSpan.FromDays(365 * 100));
        Assert.Equal("forever", Store.Find(1)!.Text);
    }

    [Fact]
    public void A_file_message_keeps_the_senders_send_time_and_its_time_to_live_counts_from_it()
    {
        var sentAt = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromSeconds(20));
        using var key = Protocol.Crypto.CipherKey.Generate();
        using var descriptor = new Protocol.Files.FileDescriptor(new string('c', 32), key.Encode(), RandomNumberGenerator.GetBytes(32), "a.bin", 10, RandomNumberGenerator.GetBytes(32));
        var file = new ReceivedMessage(8, "id-8", "aa", "bb",
            new PlainMessage(new PacketMetadata(60, 0, [], Protocol.Files.FileDescriptor.ContentType), FileBody.Encode(descriptor, sentAt)),
            Time.GetUtcNow(), PinStatus.Matches, ViaLastResortKey: false);
        Assert.True(Keep(file));

        var kept = Store.Find(8)!;
        Assert.Equal(sentAt, kept.SentAt);
        Assert.Equal(sentAt.AddSeconds(60), kept.DeleteAt);
    }

    [Fact]
    public void A_message_comes_back_as_it_arrived()
    {
        var sentAt = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromSeconds(1));
        var arrived = new ReceivedMessage(7, "id-7", "aa", "bb",
            new PlainMessage(new PacketMetadata(30, 10, [9, 8, 7], TextBody.ContentType), TextBody.Encode(sentAt, "hello")),
            Time.GetUtcNow(), PinStatus.Mismatch, ViaLastResortKey: true);
        Assert.True(Keep(arrived));

        var kept = Store.Find(7)!;
        Assert.Equal(("id-7", "aa", "bb", 30UL, 10UL, TextBody.ContentType), (kept.MessageId, kept.SenderRootIdentifierHex, kept.SenderNodeIdentifierHex, kept.TimeToLive, kept.BurnOnRead, kept.ContentType));
        Assert.Equal([9, 8, 7], kept.ChannelTag);
        Assert.Equal(arrived.Message.Body, kept.Body);
        Assert.Equal("hello", kept.Text);
        Assert.Equal(sentAt, kept.SentAt);
        Assert.Equal(arrived.ReceivedAt, kept.ReceivedAt);
        Assert.Equal(PinStatus.Mismatch, kept.SenderPin);
        Assert.True(kept.ViaLastResortKey);

        // What the inbox hands over when it reads it back from the store.
        var again = kept.ToReceivedMessage();
        Assert.Equal((arrived.Sequence, arrived.MessageId, arrived.ReceivedAt, arrived.SenderPin), (again.Sequence, again.MessageId, again.ReceivedAt, again.SenderPin));
        Assert.Equal(arrived.Message, again.Message with { Body = arrived.Message.Body });
        Assert.Equal(arrived.Message.Body, again.Message.Body);
    }
}
