using System.Collections.Concurrent;
using Wickr.Cluster.Contracts;
using Wickr.Cluster.Gateway.Auth;

namespace Wickr.Cluster.Gateway.Messages;

/// <summary>
/// The send leases this gateway holds, one per sending node: budget the node's sender grain already took for its next
/// sends (see <see cref="SendLease"/>). A send the lease covers is queued by the gateway straight into the recipients'
/// mailboxes, one grain call per recipient, without the sender grain's turn in between. The grain stays the authority:
/// it granted the budget, and every send the lease does not cover goes to it as before.
/// </summary>
internal sealed class SendLeases([FromKeyedServices(GatewayClock.Key)] TimeProvider time)
{
    /// <summary>Nodes held at most; past it the table starts over (a bound on memory: a dropped lease is only unused budget).</summary>
    public const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, Remaining> _leases = new(StringComparer.Ordinal);

    /// <summary>Leases held now (expired ones included until they are next looked at).</summary>
    public int Count => _leases.Count;

    /// <summary>Keeps a lease the sender grain granted this node, in place of any it held before.</summary>
    public void Hold(byte[] senderNodeIdentifier, SendLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (_leases.Count >= MaxEntries)
        {
            _leases.Clear();
        }

        _leases[GrainKeys.ForNode(senderNodeIdentifier)] = new Remaining(lease.Deliveries, lease.Bytes, time.GetUtcNow() + lease.Lifetime);
    }

    /// <summary>
    /// Spends a send's cost from the node's lease: true when the lease was alive and held enough deliveries and bytes
    /// (and now holds that much less), false when the send must go through the sender grain.
    /// </summary>
    public bool TrySpend(byte[] senderNodeIdentifier, int deliveries, long bytes)
    {
        if (deliveries > SendLease.MaxRecipients)
        {
            return false;
        }

        var key = GrainKeys.ForNode(senderNodeIdentifier);
        if (!_leases.TryGetValue(key, out var remaining))
        {
            return false;
        }

        if (remaining.TrySpend(deliveries, bytes, time.GetUtcNow()))
        {
            return true;
        }

        if (remaining.IsSpentOrExpired(time.GetUtcNow()))
        {
            _leases.TryRemove(KeyValuePair.Create(key, remaining));
        }

        return false;
    }

    /// <summary>One lease's remainder; concurrent sends of one node spend it under its lock.</summary>
    private sealed class Remaining(int deliveries, long bytes, DateTimeOffset expiresAt)
    {
        private readonly Lock _lock = new();
        private int _deliveries = deliveries;
        private long _bytes = bytes;

        public bool TrySpend(int deliveries, long bytes, DateTimeOffset now)
        {
            lock (_lock)
            {
                if (now >= expiresAt || deliveries > _deliveries || bytes > _bytes)
                {
                    return false;
                }

                _deliveries -= deliveries;
                _bytes -= bytes;
                return true;
            }
        }

        public bool IsSpentOrExpired(DateTimeOffset now)
        {
            lock (_lock)
            {
                return now >= expiresAt || _deliveries == 0 || _bytes == 0;
            }
        }
    }
}
