namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// The last few thousand (sender node, message id) pairs handed over. The mailbox stores a retried send once only
/// while the first copy is still queued; once that was acknowledged, a retry queues again, and this catches it.
/// </summary>
internal sealed class RecentMessageIds(int capacity)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>True when the pair is new (and is now remembered), false when it was handed over before.</summary>
    public bool Add(string senderNodeHex, string messageId)
    {
        var key = senderNodeHex + "/" + messageId;
        if (!_seen.Add(key))
        {
            return false;
        }
        _order.Enqueue(key);
        if (_order.Count > capacity)
        {
            _seen.Remove(_order.Dequeue());
        }
        return true;
    }
}
