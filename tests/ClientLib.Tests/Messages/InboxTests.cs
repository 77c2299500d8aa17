using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol.Packets;
using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.ClientLib.Tests.Messages;

/// <summary>
/// The bounded inbox in front of the message store: the receiver never waits for a reader, and a reader that falls
/// behind loses nothing — it reads the rest from the store, in mailbox order.
/// </summary>
public sealed class InboxTests : IDisposable
{
    private readonly MemoryClientState _store = new(new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));

    public void Dispose() => _store.Dispose();

    // As the receiver does it: kept in the store, then the inbox is told.
    private void Arrive(Inbox inbox, params long[] sequences)
    {
        foreach (var sequence in sequences)
        {
            var message = new ReceivedMessage(sequence, $"m{sequence}", "root", "node",
                new PlainMessage(new PacketMetadata(0, 0, [], 7), [(byte)sequence]), DateTimeOffset.UnixEpoch, PinStatus.Matches, false);
            Assert.True(_store.Accept(message, SHA256.HashData(BitConverter.GetBytes(sequence)), (ulong)sequence, false));
            inbox.Kept(message);
        }
    }

    private static List<long> Drain(Inbox inbox)
    {
        var sequences = new List<long>();
        while (inbox.TryRead(out var message))
        {
            sequences.Add(message!.Sequence);
            Assert.Equal((byte)message.Sequence, Assert.Single(message.Message.Body));
        }
        return sequences;
    }

    [Fact]
    public void A_reader_that_falls_behind_the_capacity_loses_nothing_and_reads_in_mailbox_order()
    {
        var inbox = new Inbox(_store, capacity: 2);
        // Seven arrive with nobody reading: two wait in memory, the receiver never blocks.
        Arrive(inbox, 1, 2, 3, 4, 5, 6, 7);
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L], Drain(inbox));

        // Caught up: the next one is queued again.
        Arrive(inbox, 8);
        Assert.Equal([8L], Drain(inbox));
    }

    [Fact]
    public void A_straggler_kept_below_a_handed_over_sequence_is_handed_over_once()
    {
        // A second activation of the node grain queued 3 after the first had queued 10.
        var inbox = new Inbox(_store, capacity: 10);
        Arrive(inbox, 1, 10);
        Assert.Equal([1L, 10L], Drain(inbox));
        Arrive(inbox, 3, 11, 4);
        Assert.Equal([3L, 11L, 4L], Drain(inbox));
        Assert.Empty(Drain(inbox));
    }

    [Fact]
    public void A_straggler_kept_while_the_reader_is_behind_the_capacity_is_read_from_the_store_once()
    {
        var inbox = new Inbox(_store, capacity: 2);
        Arrive(inbox, 1, 10);
        Assert.Equal([1L, 10L], Drain(inbox));

        // Nobody reads: 11 and 12 wait in memory, 3, 13 and 5 overflow into the store (the stragglers 3 and 5 below what was handed over).
        Arrive(inbox, 11, 12, 3, 13, 5);
        Assert.Equal([11L, 12L, 3L, 5L, 13L], Drain(inbox));

        // Caught up: a straggler is queued again, once.
        Arrive(inbox, 7);
        Assert.Equal([7L], Drain(inbox));
        Assert.Empty(Drain(inbox));
    }

    [Fact]
    public void Messages_arriving_while_the_reader_catches_up_come_after_what_it_reads_from_the_store()
    {
        var inbox = new Inbox(_store, capacity: 2);
        Arrive(inbox, 1, 2, 3, 4, 5);
        Assert.True(inbox.TryRead(out var first));
        Assert.Equal(1, first!.Sequence);
        // Room in the queue again, but 3 to 5 are still unread: 6 must not overtake them.
        Arrive(inbox, 6);
        var order = new List<long> { first.Sequence };
        Assert.True(inbox.TryRead(out var second));
        order.Add(second!.Sequence);
        Assert.True(inbox.TryRead(out var third));
        order.Add(third!.Sequence);
        // The catch-up from the store has begun; what arrives now is queued behind it.
        Arrive(inbox, 7, 8, 9);
        order.AddRange(Drain(inbox));
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L], order);
    }

    [Fact]
    public void A_message_deleted_while_the_reader_was_behind_is_not_handed_over()
    {
        var inbox = new Inbox(_store, capacity: 1);
        Arrive(inbox, 1, 2, 3, 4);
        Assert.True(_store.Delete(3));
        Assert.Equal([1L, 2L, 4L], Drain(inbox));
    }

    [Fact]
    public async Task A_waiting_reader_gets_the_next_message_and_the_end()
    {
        var inbox = new Inbox(_store, capacity: 4);
        var waiting = inbox.ReadAsync(CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        Arrive(inbox, 1);
        Assert.Equal(1, (await waiting).Sequence);

        Arrive(inbox, 2, 3, 4, 5, 6);
        inbox.Complete();
        var rest = new List<long>();
        await foreach (var message in inbox.ReadAllAsync(CancellationToken.None))
        {
            rest.Add(message.Sequence);
        }
        Assert.Equal([2L, 3L, 4L, 5L, 6L], rest);
        await Assert.ThrowsAsync<ChannelClosedException>(() => inbox.ReadAsync(CancellationToken.None).AsTask());
    }

    [Fact]
    public void A_capacity_below_one_is_refused()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new Inbox(_store, capacity: 0));
}
