using Wickr.Cluster.Gateway.Auth;
using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Gateway.Messages;

/// <summary>
/// Send admission at this gateway: one decision per send of a node (<see cref="Decide"/>) — spend the node's send lease,
/// refuse the send from memory, or ask the node's sender grain — from what that grain last answered this gateway about
/// the node (<see cref="Record"/>, <see cref="RecordRefusal"/>). The grain stays the authority: it took every lease's
/// budget ahead (see <see cref="SendLease"/>) and gave every refusal; this gateway only spends what was granted, and
/// repeats a refusal until its retry-after, so a flood costs the cluster one grain call per node per retry-after instead of
/// one per packet, and is refused before its signature is checked or its packet travels to the silo.
/// </summary>
/// <remarks>
/// <para>
/// A live lease that covers a send wins over a remembered refusal: that budget is paid for, and a refusal the grain gave
/// meanwhile (for a send too wide or too large for the lease) must not strand it. Every other send of a refused node is
/// refused. A lease the grain grants while the node's lease lives is added to it: concurrent sends that all missed the
/// lease each bring one back, and none of that paid-for budget is dropped.
/// </para>
/// <para>
/// One entry per node, at most <see cref="Capacity"/> of them (<see cref="DefaultCapacity"/>); a node beyond it evicts
/// the least recently used. Forgetting costs nothing the grain does not give back: a forgotten refusal means the node's
/// next send asks the grain (which refuses it again), a forgotten lease is unspent budget, lost as an expired one's is.
/// Everything is kept under one lock, so a decision is one step and two sends never both spend the last of a lease.
/// </para>
/// </remarks>
internal sealed class SendAdmission
{
    /// <summary>Nodes remembered at most by default (a few hundred bytes each, so some tens of MB when full).</summary>
    public const int DefaultCapacity = 100_000;

    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);

    // Least recently used first.
    private readonly LinkedList<Entry> _recency = new();

    /// <summary>Creates the gateway's send admission, remembering at most <see cref="DefaultCapacity"/> nodes.</summary>
    /// <param name="time">The gateway's clock.</param>
    public SendAdmission([FromKeyedServices(GatewayClock.Key)] TimeProvider time)
        : this(time, DefaultCapacity)
    {
    }

    /// <summary>Creates a send admission remembering at most <paramref name="capacity"/> nodes.</summary>
    /// <param name="time">The clock leases and refusals run out by.</param>
    /// <param name="capacity">Nodes remembered at most (at least 1).</param>
    internal SendAdmission(TimeProvider time, int capacity)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = time;
        Capacity = capacity;
    }

    /// <summary>Nodes remembered at most; a node beyond it evicts the least recently used.</summary>
    public int Capacity { get; }

    /// <summary>
    /// The one decision for a send of <paramref name="deliveries"/> recipients and <paramref name="bytes"/> stored bytes:
    /// <see cref="SendRoute.Lease"/> when the node's live lease covers it (the cost is taken from the lease now),
    /// otherwise <see cref="SendRoute.Refuse"/> while a refusal of the node runs, otherwise <see cref="SendRoute.AskSender"/>.
    /// </summary>
    /// <param name="senderNodeIdentifier">The sending node (32 bytes).</param>
    /// <param name="deliveries">Recipient nodes of the send.</param>
    /// <param name="bytes">Bytes the send stores in total: packet size times recipients.</param>
    public SendDecision Decide(byte[] senderNodeIdentifier, int deliveries, long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deliveries);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        var key = GrainKeys.ForNode(senderNodeIdentifier);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var node))
            {
                return SendDecision.AskSender;
            }

            var entry = node.Value;
            if (entry.IsIdle(now))
            {
                Remove(node);
                return SendDecision.AskSender;
            }

            Touch(node);
            if (deliveries <= SendLease.MaxRecipients && entry.TrySpend(deliveries, bytes, now))
            {
                return SendDecision.OnLease(entry, deliveries, bytes);
            }

            return entry.RefusedUntil > now ? SendDecision.Refuse(entry.RefusedUntil - now) : SendDecision.AskSender;
        }
    }

    /// <summary>
    /// Gives back what a <see cref="SendRoute.Lease"/> decision took, for a send refused after it (a malformed request, a
    /// bad signature): a refused send costs nothing. Only to the same lease while it lives; any other decision: nothing.
    /// </summary>
    /// <param name="decision">A decision <see cref="Decide"/> made.</param>
    public void Return(SendDecision decision)
    {
        if (decision is not { Route: SendRoute.Lease, Lease: { } entry })
        {
            return;
        }

        var now = _time.GetUtcNow();
        lock (_lock)
        {
            entry.Return(decision.LeaseEpoch, decision.Deliveries, decision.Bytes, now);
        }
    }

    /// <summary>
    /// What the node's sender grain answered a send this gateway asked it about: the lease it granted is held (added to
    /// the node's live lease), or, with none, the node's sends are refused here until a send like it would be admitted.
    /// </summary>
    /// <param name="senderNodeIdentifier">The sending node (32 bytes).</param>
    /// <param name="outcome">The grain's answer.</param>
    public void Record(byte[] senderNodeIdentifier, SendOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Lease is not { } lease)
        {
            RecordRefusal(senderNodeIdentifier, outcome.RepeatAfter);
            return;
        }

        var key = GrainKeys.ForNode(senderNodeIdentifier);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            GetOrAdd(key).Hold(lease, now);
        }
    }

    /// <summary>
    /// A refusal the node's sender grain gave (or a wait it announced): the node's sends are refused here, with the
    /// remaining wait, until <paramref name="retryAfter"/> has passed; the latest answer replaces an earlier one. Zero or
    /// less: nothing to remember.
    /// </summary>
    /// <param name="senderNodeIdentifier">The sending node (32 bytes).</param>
    /// <param name="retryAfter">How long until the grain would admit the node's send.</param>
    public void RecordRefusal(byte[] senderNodeIdentifier, TimeSpan retryAfter)
    {
        if (retryAfter <= TimeSpan.Zero)
        {
            return;
        }

        var key = GrainKeys.ForNode(senderNodeIdentifier);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            GetOrAdd(key).RefusedUntil = now + retryAfter;
        }
    }

    private Entry GetOrAdd(string key)
    {
        if (_entries.TryGetValue(key, out var node))
        {
            Touch(node);
            return node.Value;
        }

        if (_entries.Count >= Capacity)
        {
            Remove(_recency.First!);
        }

        var added = _recency.AddLast(new Entry(key));
        _entries.Add(key, added);
        return added.Value;
    }

    private void Touch(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _recency.AddLast(node);
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _entries.Remove(node.Value.Key);
    }

    /// <summary>What this gateway remembers of one node; read and changed only under the admission's lock.</summary>
    internal sealed class Entry(string key)
    {
        private int _deliveries;
        private long _bytes;
        private DateTimeOffset _leaseUntil = DateTimeOffset.MinValue;

        public string Key { get; } = key;

        /// <summary>Which lease the node holds: a new one when a lease is held after the last ran out.</summary>
        public long LeaseEpoch { get; private set; }

        /// <summary>Until when the node's sends are refused (unless its lease covers them).</summary>
        public DateTimeOffset RefusedUntil { get; set; } = DateTimeOffset.MinValue;

        /// <summary>Neither a lease nor a refusal runs: nothing worth keeping.</summary>
        public bool IsIdle(DateTimeOffset now) => now >= _leaseUntil && now >= RefusedUntil;

        public bool TrySpend(int deliveries, long bytes, DateTimeOffset now)
        {
            if (now >= _leaseUntil || deliveries > _deliveries || bytes > _bytes)
            {
                return false;
            }

            _deliveries -= deliveries;
            _bytes -= bytes;
            return true;
        }

        /// <summary>Adds a lease to the live one, to last as long as the later of the two; or starts a new one.</summary>
        public void Hold(SendLease lease, DateTimeOffset now)
        {
            var until = now + lease.Lifetime;
            if (now < _leaseUntil)
            {
                _deliveries += lease.Deliveries;
                _bytes += lease.Bytes;
                _leaseUntil = until > _leaseUntil ? until : _leaseUntil;
                return;
            }

            _deliveries = lease.Deliveries;
            _bytes = lease.Bytes;
            _leaseUntil = until;
            LeaseEpoch++;
        }

        public void Return(long epoch, int deliveries, long bytes, DateTimeOffset now)
        {
            if (epoch == LeaseEpoch && now < _leaseUntil)
            {
                _deliveries += deliveries;
                _bytes += bytes;
            }
        }
    }
}
