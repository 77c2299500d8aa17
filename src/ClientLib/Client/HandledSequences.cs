namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// The mailbox sequences a receiver handed over (or rejected) most recently, exactly, so a packet served again before
/// its acknowledgement reached the server is acknowledged again instead of opened twice. Bounded: the oldest are
/// forgotten first. A sequence whose acknowledgement is still pending is also known to <see cref="MailboxAcks"/>; an
/// acknowledged one is deleted from the mailbox, so only a read that raced the acknowledgement can serve it again.
/// Not thread-safe: the receiver handles one packet at a time.
/// </summary>
internal sealed class HandledSequences
{
    /// <summary>How many sequences are remembered: many reads' worth of packets served again while their acks travel.</summary>
    public const int Capacity = 16 * MailboxAcks.Batch;

    private readonly HashSet<long> _known = [];
    private readonly Queue<long> _order = new();

    public bool Contains(long sequence) => _known.Contains(sequence);

    public void Add(long sequence)
    {
        if (!_known.Add(sequence))
        {
            return;
        }

        _order.Enqueue(sequence);
        if (_order.Count > Capacity)
        {
            _known.Remove(_order.Dequeue());
        }
    }
}
