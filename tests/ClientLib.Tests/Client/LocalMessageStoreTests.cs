using Microsoft.Extensions.Time.Testing;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol.Packets;
using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.ClientLib.Tests.Client;

/// <summary>The local store deletes on time to live and burn-on-read, on its own timer, and zeroes what it deletes.</summary>
public sealed class LocalMessageStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private ReceivedMessage Message(long sequence, ulong ttl = 0, ulong bor = 0, string body = "hello") => new(
        sequence, $"m{sequence}", "aa", "bb",
        new PlainMessage(new PacketMetadata(ttl, bor, [], 0), System.Text.Encoding.UTF8.GetBytes(body)),
        _time.GetUtcNow(), PinStatus.Matches, false);

    [Fact]
    public void Time_to_live_deletes_the_message_by_timer_that_many_seconds_after_receipt()
    {
        using var store = new LocalMessageStore(_time);
        var deleted = new List<(long, MessageDeletedReason)>();
        store.Deleted += (_, e) => deleted.Add((e.Sequence, e.Reason));
        store.Add(Message(1, ttl: 10));
        store.Add(Message(2));

        _time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.Equal(2, store.Count);
        _time.Advance(TimeSpan.FromSeconds(0.1));

        // The timer fired without anybody looking.
        Assert.Equal(1, store.Count);
        Assert.Equal([(1L, MessageDeletedReason.Expired)], deleted);
        Assert.Null(store.Read(1));
        Assert.NotNull(store.Read(2));
    }

    [Fact]
    public void Burn_on_read_counts_from_the_first_read_not_from_receipt_or_listing()
    {
        using var store = new LocalMessageStore(_time);
        store.Add(Message(1, bor: 5));
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Single(store.List());
        Assert.Null(store.DeletesAt(1));

        var read = store.Read(1);
        Assert.NotNull(read);
        Assert.Equal(_time.GetUtcNow().AddSeconds(5), store.DeletesAt(1));
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.NotNull(store.Read(1));
        Assert.Equal(_time.GetUtcNow().AddSeconds(2), store.DeletesAt(1));

        MessageDeletedReason? reason = null;
        store.Deleted += (_, e) => reason = e.Reason;
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(MessageDeletedReason.Burned, reason);
        Assert.Equal(0, store.Count);
        // The body the reader held is zeroed with the store's copy.
        Assert.All(read.Message.Body, b => Assert.Equal(0, b));
    }

    [Fact]
    public void The_earlier_of_time_to_live_and_burn_deadline_wins()
    {
        using var store = new LocalMessageStore(_time);
        store.Add(Message(1, ttl: 4, bor: 60));
        store.MarkRead(1);
        Assert.Equal(_time.GetUtcNow().AddSeconds(4), store.DeletesAt(1));

        store.Add(Message(2, ttl: 60, bor: 4));
        store.MarkRead(2);
        var reasons = new Dictionary<long, MessageDeletedReason>();
        store.Deleted += (_, e) => reasons[e.Sequence] = e.Reason;
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(MessageDeletedReason.Expired, reasons[1]);
        Assert.Equal(MessageDeletedReason.Burned, reasons[2]);
    }

    [Fact]
    public void The_store_keeps_its_own_copy_and_ignores_a_second_add_of_the_same_sequence()
    {
        using var store = new LocalMessageStore(_time);
        var original = Message(7, body: "first");
        store.Add(original);
        store.Add(Message(7, body: "second"));
        original.Message.Body[0] = (byte)'X';

        var held = Assert.Single(store.List());
        Assert.Equal("first", System.Text.Encoding.UTF8.GetString(held.Message.Body));
    }

    [Fact]
    public void A_time_to_live_beyond_the_calendar_never_expires_and_delete_removes_at_once()
    {
        using var store = new LocalMessageStore(_time);
        store.Add(Message(1, ttl: ulong.MaxValue, bor: ulong.MaxValue));
        store.MarkRead(1);
        Assert.Null(store.DeletesAt(1));
        _time.Advance(TimeSpan.FromDays(365 * 100));
        Assert.Equal(1, store.Count);

        MessageDeletedReason? reason = null;
        store.Deleted += (_, e) => reason = e.Reason;
        Assert.True(store.Delete(1));
        Assert.False(store.Delete(1));
        Assert.Equal(MessageDeletedReason.Removed, reason);
        Assert.False(store.MarkRead(1));
    }

    [Fact]
    public void Messages_added_out_of_order_are_listed_in_mailbox_order()
    {
        using var store = new LocalMessageStore(_time);
        store.Add(Message(3));
        store.Add(Message(1));
        store.Add(Message(2));
        Assert.Equal([1L, 2L, 3L], store.List().Select(m => m.Sequence));
    }
}
