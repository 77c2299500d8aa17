using System.Collections.Concurrent;
using Wickr.Cluster.Gateway.Auth;
using Wickr.Cluster.Grains.Interfaces;

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

    /// <summary>
    /// Keeps a lease the sender grain granted this node, added to what the node's live lease still holds: concurrent
    /// sends that all missed the lease each bring one back, and none of that paid-for budget is dropped.
    /// </summary>
    public void Hold(byte[] senderNodeIdentifier, SendLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var key = GrainKeys.ForNode(senderNodeIdentifier);
        var expiresAt = time.GetUtcNow() + lease.Lifetime;
        while (true)
        {
            if (_leases.TryGetValue(key, out var held) && held.TryAdd(lease.Deliveries, lease.Bytes, expiresAt, time.GetUtcNow()))
            {
                return;
            }

            if (held is null && _leases.Count >= MaxEntries)
            {
                _leases.Clear();
            }

            var fresh = new Remaining(lease.Deliveries, lease.Bytes, expiresAt);
            if (held is null ? _leases.TryAdd(key, fresh) : _leases.TryUpdate(key, fresh, held))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Whether the node's live lease holds enough for a send of this cost (nothing is spent): such a send gets past a
    /// refusal the sender grain gave meanwhile, for a send the lease could not pay for, since its budget is already paid.
    /// Any other send of the node meets the refusal at the door as before.
    /// </summary>
    public bool Covers(byte[] senderNodeIdentifier, int deliveries, long bytes) =>
        deliveries <= SendLease.MaxRecipients
        && _leases.TryGetValue(GrainKeys.ForNode(senderNodeIdentifier), out var held)
        && held.Covers(deliveries, bytes, time.GetUtcNow());

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

    /// <summary>One lease's remainder; concurrent sends of one node spend it and add to it under its lock.</summary>
    private sealed class Remaining(int deliveries, long bytes, DateTimeOffset expiresAt)
    {
        private readonly Lock _lock = new();
        private int _deliveries = deliveries;
        private long _bytes = bytes;
        private DateTimeOffset _expiresAt = expiresAt;

        public bool TrySpend(int deliveries, long bytes, DateTimeOffset now)
        {
            lock (_lock)
            {
                if (now >= _expiresAt || deliveries > _deliveries || bytes > _bytes)
                {
                    return false;
                }

                _deliveries -= deliveries;
                _bytes -= bytes;
                return true;
            }
        }

        /// <summary>Adds a newer lease while this one lives, to last as long as the newer; an expired one stays expired.</summary>
        public bool TryAdd(int deliveries, long bytes, DateTimeOffset expiresAt, DateTimeOffset now)
        {
            lock (_lock)
            {
                if (now >= _expiresAt)
                {
                    return false;
                }

                _deliveries += deliveries;
                _bytes += bytes;
                _expiresAt = expiresAt > _expiresAt ? expiresAt : _expiresAt;
                return true;
            }
        }

        public bool Covers(int deliveries, long bytes, DateTimeOffset now)
        {
            lock (_lock)
            {
                return now < _expiresAt && deliveries <= _deliveries && bytes <= _bytes;
            }
        }

        public bool IsSpentOrExpired(DateTimeOffset now)
        {
            lock (_lock)
            {
                return now >= _expiresAt || _deliveries == 0 || _bytes == 0;
            }
        }
    }
}
