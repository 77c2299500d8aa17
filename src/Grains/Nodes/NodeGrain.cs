using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Grains.Nodes;

/// <inheritdoc cref="INodeGrain"/>
/// <remarks>
/// Packets live one row each in <see cref="IMailboxStore"/>; the grain holds counters, the last sequence and the
/// sizes and senders of packets it has seen (to keep the byte counts exact on ack), so an enqueue or an ack touches one
/// row whatever the mailbox length. Counters, in total and per sender, are rebuilt from
/// <see cref="IMailboxStore.SummarizeAsync"/> on activation. A node that is not attached reads nothing on activation and
/// deactivates once idle, so a request naming a made-up node leaves nothing behind.
/// <para>
/// Each sender's packets are charged to its user's quota across all mailboxes (<see cref="IMailboxQuotaGrain"/>) in
/// grants this grain spends packet by packet in its own turn, so a send asks the quota only when the sender's grant here is
/// spent or its lifetime over (once per <see cref="MailboxOptions.QuotaGrantBytes"/> or <see cref="MailboxOptions.QuotaGrantLifetime"/>).
/// What leaves the mailbox (acknowledged, node removed) and what a grant left unspent is given back in one call per sender
/// after an ack, at the periodic sweep, on deactivation and on removal; expired packets' charges lapse by themselves.
/// </para>
/// </remarks>
[GrainType("wickr-node")]
internal sealed partial class NodeGrain(
    [PersistentState("node", WickrGrains.StorageName)] IPersistentState<NodeState> state,
    IMailboxStore mailbox,
    IOptions<MailboxOptions> options,
    [FromKeyedServices(WickrGrains.TimeProviderKey)] TimeProvider time,
    ILogger<NodeGrain> logger) : Grain, INodeGrain
{
    // Sequences are reserved in blocks so the node state is written once per block, not once per packet.
    private const long SequenceBlock = 1024;

    // Packets read at a time when a removed node's mailbox is charged back to its senders (whole packets: keep it small).
    private const int RemovalReadBatch = 64;

    // Strangers whose answer a mailbox keeps at most (IsContactAsync).
    private const int MaxStrangersAskedAt = 1024;

    private readonly MailboxOptions _options = options.Value;
    private readonly Dictionary<long, (int Size, string Sender, DateTimeOffset EnqueuedAt)> _sizes = [];
    private readonly Dictionary<string, MailboxUsage> _senders = new(StringComparer.Ordinal);
    private readonly HashSet<string> _senderKeys = new(StringComparer.Ordinal);

    // Senders whose user this node's user has sent to (and the user itself), learnt from its contacts grain; the
    // senders counted as strangers, and what they hold together; senders already recorded as having sent here.
    private readonly HashSet<string> _contacts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _strangers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _recorded = new(StringComparer.Ordinal);

    // When each stranger was last asked about, so it is asked again only after StrangerRecheckInterval; bounded.
    private readonly Dictionary<string, DateTimeOffset> _strangersAskedAt = new(StringComparer.Ordinal);
    private MailboxUsage _strangerUsage;

    // Per sender: what this mailbox holds of a grant from the sender's quota (MailboxQuotaGrant), and charges to give
    // back to it (bytes by the hour they lapse, MailboxCharge.LapseHour) at the next settlement.
    private readonly Dictionary<string, (long Bytes, DateTimeOffset SpendUntil, DateTimeOffset ExpiresAt)> _grants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<long, long>> _releases = new(StringComparer.Ordinal);
    private ObserverManager<INodeObserver> _observers = null!;
    private string _key = null!;
    private int _count;
    private long _bytes;
    private long _lastSequence;
    private DateTimeOffset _lastSweep;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = this.GetPrimaryKeyString();
        _observers = new ObserverManager<INodeObserver>(_options.SubscriptionLifetime, logger)
        {
            GetDateTime = () => time.GetUtcNow().UtcDateTime,
        };

        _lastSequence = state.State.ReservedSequence;
        if (!GrainKeys.IsNodeGrainKey(_key) || state.State.Chain is null)
        {
            // Detaching deletes the mailbox before it clears the chain, so an unattached node has nothing queued.
            return;
        }

        await RebuildCountersAsync(cancellationToken);
        await SweepExpiredAsync();
    }

    // What the grants held here leave unspent goes back to the senders' quotas; what does not make it before the
    // deactivation's deadline (a silo shutting down) lapses by itself.
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        ReturnGrants(DateTimeOffset.MaxValue);
        try
        {
            await SettleQuotasAsync().WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task AttachAsync(NodeChain chain)
    {
        EnsureValidKey();
        if (chain is null)
        {
            throw Require.Invalid("A node chain is required.");
        }

        Require.RootIdentifier(chain.RootIdentifier);
        Require.PublicKey(chain.RootPublicKey, "A root public key");
        Require.Node(chain.Node);
        if (GrainKeys.ForNode(chain.Node.NodeId) != _key)
        {
            throw Require.Invalid("The chain is for another node.");
        }

        if (state.State.Chain is { } current)
        {
            if (!current.RootIdentifier.AsSpan().SequenceEqual(chain.RootIdentifier))
            {
                throw Require.Error(ClusterErrorCode.PermissionDenied, "The node belongs to another root.");
            }

            if (!SameChain(current, chain))
            {
                throw Require.Error(ClusterErrorCode.Conflict, "The node is already attached with other keys.");
            }

            return;
        }

        // The pool first: if the state write then fails, a retry opens it again (idempotent) and writes.
        await Pool.OpenAsync();
        state.State.Chain = chain;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Chain = null;
            throw;
        }
    }

    public async Task DetachAsync(byte[] rootIdentifier)
    {
        EnsureValidKey();
        Require.RootIdentifier(rootIdentifier);
        if (state.State.Chain is not { } current)
        {
            return;
        }

        if (!current.RootIdentifier.AsSpan().SequenceEqual(rootIdentifier))
        {
            throw Require.Error(ClusterErrorCode.PermissionDenied, "The node belongs to another root.");
        }

        // First, so gateways caching this node's chain for authentication drop it even if what follows fails.
        await GrainFactory.GetGrain<INodeRemovalLogGrain>(0).RecordAsync(current.Node.NodeId);
        var queued = await QueuedChargesAsync();
        await mailbox.DeleteAllAsync(_key);
        foreach (var (sender, charge) in queued)
        {
            Release(sender, charge);
        }

        ReturnGrants(DateTimeOffset.MaxValue);
        await SettleQuotasAsync();
        _count = 0;
        _bytes = 0;
        _sizes.Clear();
        _senders.Clear();
        _senderKeys.Clear();
        _strangers.Clear();
        _strangerUsage = default;
        await Pool.PurgeAsync();
        _observers.Clear();

        state.State.Chain = null;
        await state.WriteStateAsync();
    }

    public Task<NodeChain> GetChainAsync() => Task.FromResult(RequireAttached());

    public async Task<EnqueueResult> EnqueueAsync(MailboxEnvelope envelope)
    {
        RequireAttached();
        if (envelope is null)
        {
            throw Require.Invalid("An envelope is required.");
        }

        Require.RootIdentifier(envelope.SenderRootIdentifier);
        Require.NodeIdentifier(envelope.SenderNodeIdentifier, "A sender node identifier");
        Require.MessageId(envelope.MessageId);
        var packet = envelope.Packet;
        if (packet is null || packet.Length == 0)
        {
            throw Require.Invalid("A packet must not be empty.");
        }

        if (packet.Length > _options.MaxPacketBytes)
        {
            throw Require.Error(ClusterErrorCode.TooLarge, $"A packet has at most {_options.MaxPacketBytes} bytes.");
        }

        var sender = SenderKey(envelope.SenderRootIdentifier);
        await SweepIfDueAsync();
        var stranger = !await IsContactAsync(sender);
        if (!HasRoomFor(sender, packet.Length, stranger))
        {
            // Expired packets may be holding the room; never drop anything that is still within retention.
            await SweepExpiredAsync();
            if (!HasRoomFor(sender, packet.Length, stranger))
            {
                // The same answer for a full mailbox and a spent share, and no counters: a sender learns nothing
                // about what others queued for this node.
                (HasRoomInTotal(packet.Length) ? ClusterMetrics.SenderShareRejections : ClusterMetrics.MailboxFullRejections).Add(1);
                throw Require.Error(ClusterErrorCode.MailboxFull, "The recipient's mailbox is full; the packet was not stored.");
            }
        }

        // Charged before anything is written; given back to the grant if nothing new is stored.
        var enqueuedAt = time.GetUtcNow();
        await SpendQuotaAsync(sender, packet.Length, enqueuedAt);
        long sequence;
        MailboxAppendResult result;
        try
        {
            sequence = await NextSequenceAsync();
            result = await mailbox.AppendAsync(_key, new StoredPacket(sequence, envelope, enqueuedAt));
        }
        catch
        {
            RefundQuota(sender, packet.Length);
            throw;
        }

        if (result.Duplicate)
        {
            RefundQuota(sender, packet.Length);
            return new EnqueueResult(result.Sequence, Duplicate: true);
        }

        _count++;
        _bytes += packet.Length;
        _sizes[sequence] = (packet.Length, sender, enqueuedAt);
        Add(sender, 1, packet.Length);
        RecordSender(sender, envelope.SenderRootIdentifier);
        ClusterMetrics.PacketsEnqueued.Add(1);
        ClusterLevels.MailboxDepth.Record(_count);
        ClusterLevels.MailboxFill.Record(Math.Max((double)_count / _options.MaxQueuedPackets, (double)_bytes / _options.MaxQueuedBytes));
        await _observers.Notify(o => o.PacketQueuedAsync(_key, sequence));
        return new EnqueueResult(sequence, Duplicate: false);
    }

    public async Task<QueuedPacket[]> ReadAsync(long afterSequence, int maxCount)
    {
        RequireAttached();
        if (afterSequence < 0)
        {
            throw Require.Invalid("A read starts after a sequence of 0 or more.");
        }

        if (maxCount < 1)
        {
            throw Require.Invalid("A read asks for at least 1 packet.");
        }

        await SweepIfDueAsync();
        var cutoff = time.GetUtcNow() - _options.Retention;

        // Clamped, not refused: no setting of this silo can make a reader's batch size wrong.
        var rows = await mailbox.ReadAsync(_key, afterSequence, Math.Min(maxCount, _options.MaxReadBatch));
        var packets = new List<QueuedPacket>(rows.Count);
        var expiredSeen = false;
        foreach (var row in rows)
        {
            if (row.EnqueuedAt < cutoff)
            {
                expiredSeen = true;
                continue;
            }

            _sizes[row.Sequence] = (row.Envelope.Packet.Length, SenderKey(row.Envelope.SenderRootIdentifier), row.EnqueuedAt);
            packets.Add(new QueuedPacket(row.Sequence, row.Envelope, row.EnqueuedAt));
            ClusterLevels.PacketAgeAtRead.Record(Math.Max(0, (time.GetUtcNow() - row.EnqueuedAt).TotalSeconds));
        }

        if (expiredSeen)
        {
            await SweepExpiredAsync();
        }

        return [.. packets];
    }

    public async Task<int> AckAsync(long[] sequences)
    {
        RequireAttached();
        if (sequences is null || sequences.Length == 0 || sequences.Length > ProtocolLimits.MaxAckSequences)
        {
            throw Require.Invalid($"An acknowledgement carries 1 to {ProtocolLimits.MaxAckSequences} sequences.");
        }

        foreach (var sequence in sequences)
        {
            if (sequence < 1)
            {
                throw Require.Invalid("Sequences start at 1.");
            }
        }

        // Only rows known to exist are deleted, so the byte count stays exact. A sequence this activation has not
        // seen (e.g. after re-activation) costs one point read to learn its size.
        var existing = new Dictionary<long, (int Size, string Sender, DateTimeOffset EnqueuedAt)>();
        foreach (var sequence in sequences.Distinct())
        {
            if (_sizes.TryGetValue(sequence, out var seen))
            {
                existing[sequence] = seen;
            }
            else if (sequence <= _lastSequence)
            {
                var rows = await mailbox.ReadAsync(_key, sequence - 1, 1);
                if (rows.Count == 1 && rows[0].Sequence == sequence)
                {
                    existing[sequence] = (rows[0].Envelope.Packet.Length, SenderKey(rows[0].Envelope.SenderRootIdentifier), rows[0].EnqueuedAt);
                }
            }
        }

        if (existing.Count == 0)
        {
            return 0;
        }

        var deleted = await mailbox.DeleteAsync(_key, existing.Keys);
        foreach (var sequence in existing.Keys)
        {
            _sizes.Remove(sequence);
        }

        if (deleted == existing.Count)
        {
            _count -= deleted;
            foreach (var (size, sender, _) in existing.Values)
            {
                _bytes -= size;
                Add(sender, -1, -size);
            }
        }
        else
        {
            // Someone else deleted some of these rows (a retention sweep elsewhere); count again.
            await RebuildCountersAsync(CancellationToken.None);
        }

        // Rows deleted by a sweep elsewhere had expired: their charges are lapsing anyway, so releasing them too is harmless.
        foreach (var (size, sender, enqueuedAt) in existing.Values)
        {
            Release(sender, ChargeOf(enqueuedAt, size));
        }

        await SettleQuotasAsync();
        ClusterMetrics.PacketsAcked.Add(deleted);
        return deleted;
    }

    public Task<TimeSpan> SubscribeAsync(INodeObserver observer)
    {
        RequireAttached();
        if (observer is null)
        {
            throw Require.Invalid("An observer is required.");
        }

        _observers.Subscribe(observer, observer);
        return Task.FromResult(_options.SubscriptionLifetime);
    }

    public Task UnsubscribeAsync(INodeObserver observer)
    {
        EnsureValidKey();
        if (observer is null)
        {
            throw Require.Invalid("An observer is required.");
        }

        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task SignalEphemeralKeysLowAsync(int remaining)
    {
        if (state.State.Chain is null)
        {
            return;
        }

        await _observers.Notify(o => o.EphemeralKeysLowAsync(_key, remaining));
    }

    private IEphemeralKeyPoolGrain Pool => GrainFactory.GetGrain<IEphemeralKeyPoolGrain>(_key);

    private bool HasRoomInTotal(int packetBytes) =>
        _count < _options.MaxQueuedPackets && _bytes + packetBytes <= _options.MaxQueuedBytes;

    private bool HasRoomFor(string sender, int packetBytes, bool stranger)
    {
        var usage = _senders.GetValueOrDefault(sender);
        return HasRoomInTotal(packetBytes)
            && usage.Count < _options.MaxSenderPackets
            && usage.Bytes + packetBytes <= _options.MaxSenderBytes
            && (!stranger || (_strangerUsage.Count < _options.MaxStrangerPackets && _strangerUsage.Bytes + packetBytes <= _options.MaxStrangerBytes));
    }

    private IContactsGrain OwnContacts => GrainFactory.GetGrain<IContactsGrain>(GrainKeys.ForRoot(RequireAttached().RootIdentifier));

    // Whether this node's user has sent to the sender's user (or is the sender): a contact. Contacts are remembered for
    // the activation; a stranger is asked about again after StrangerRecheckInterval, so an answer made meanwhile counts
    // within that time.
    private async Task<bool> IsContactAsync(string sender)
    {
        if (_contacts.Contains(sender))
        {
            return true;
        }

        var now = time.GetUtcNow();
        if (!_strangersAskedAt.TryGetValue(sender, out var asked) || now - asked >= _options.StrangerRecheckInterval)
        {
            if (sender == GrainKeys.ForRoot(RequireAttached().RootIdentifier) || (await OwnContacts.AreContactsAsync([sender]))[0])
            {
                _strangersAskedAt.Remove(sender);
                _contacts.Add(sender);
                if (_strangers.Remove(sender))
                {
                    var usage = _senders.GetValueOrDefault(sender);
                    _strangerUsage = new MailboxUsage(_strangerUsage.Count - usage.Count, _strangerUsage.Bytes - usage.Bytes);
                }

                return true;
            }

            RememberStranger(sender, now);
        }

        if (_strangers.Add(sender))
        {
            var usage = _senders.GetValueOrDefault(sender);
            _strangerUsage = new MailboxUsage(_strangerUsage.Count + usage.Count, _strangerUsage.Bytes + usage.Bytes);
        }

        return false;
    }

    // A flood of distinct strangers fills the table with answers that have run out; beyond that it asks at each packet.
    private void RememberStranger(string sender, DateTimeOffset now)
    {
        if (_strangersAskedAt.Count >= MaxStrangersAskedAt && !_strangersAskedAt.ContainsKey(sender))
        {
            foreach (var (key, asked) in _strangersAskedAt)
            {
                if (now - asked >= _options.StrangerRecheckInterval)
                {
                    _strangersAskedAt.Remove(key);
                }
            }

            if (_strangersAskedAt.Count >= MaxStrangersAskedAt)
            {
                return;
            }
        }

        _strangersAskedAt[sender] = now;
    }

    // The sender's user has now sent to this node's user: recorded once per sender and activation, without waiting.
    private void RecordSender(string sender, byte[] senderRootIdentifier)
    {
        var own = RequireAttached().RootIdentifier;
        if (_recorded.Add(sender) && !senderRootIdentifier.AsSpan().SequenceEqual(own))
        {
            GrainFactory.GetGrain<IContactsGrain>(sender).AddAsync(own).Ignore();
        }
    }

    private void Add(string sender, int count, long bytes)
    {
        if (_strangers.Contains(sender))
        {
            _strangerUsage = new MailboxUsage(_strangerUsage.Count + count, _strangerUsage.Bytes + bytes);
        }

        var usage = _senders.GetValueOrDefault(sender);
        usage = new MailboxUsage(usage.Count + count, usage.Bytes + bytes);
        if (usage.Count <= 0)
        {
            _senders.Remove(sender);
        }
        else
        {
            _senders[sender] = usage;
        }
    }

    // One string per sender, shared by every packet of that sender that the grain remembers.
    private string SenderKey(byte[] senderRootIdentifier)
    {
        var key = Convert.ToHexStringLower(senderRootIdentifier);
        if (_senderKeys.TryGetValue(key, out var known))
        {
            return known;
        }

        _senderKeys.Add(key);
        return key;
    }

    private async Task<long> NextSequenceAsync()
    {
        var next = _lastSequence + 1;
        if (next > state.State.ReservedSequence)
        {
            var previous = state.State.ReservedSequence;
            state.State.ReservedSequence = next + SequenceBlock - 1;
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                state.State.ReservedSequence = previous;
                throw;
            }
        }

        _lastSequence = next;
        return next;
    }

    private async Task SweepIfDueAsync()
    {
        var now = time.GetUtcNow();
        if (now - _lastSweep < _options.ExpirySweepInterval)
        {
            return;
        }

        await SweepExpiredAsync();
        ReturnGrants(now);
        await SettleQuotasAsync();
    }

    /// <summary>
    /// Takes <paramref name="bytes"/> from the sender's grant, or asks the sender's quota for a new one (giving back what is
    /// left of the old) when the grant is short or over; the quota's refusal (LimitExceeded) is the sender's answer.
    /// </summary>
    private async Task SpendQuotaAsync(string sender, int bytes, DateTimeOffset now)
    {
        if (_grants.TryGetValue(sender, out var grant) && now <= grant.SpendUntil && grant.Bytes >= bytes)
        {
            _grants[sender] = (grant.Bytes - bytes, grant.SpendUntil, grant.ExpiresAt);
            return;
        }

        // Gone from here whatever the answer: the quota takes the rest back even when it refuses.
        _grants.Remove(sender);
        var unspent = grant.Bytes > 0 && now < grant.ExpiresAt ? new MailboxCharge(grant.ExpiresAt, grant.Bytes) : null;
        var fresh = await GrainFactory.GetGrain<IMailboxQuotaGrain>(sender).ReserveAsync(unspent, bytes, Math.Max(bytes, _options.QuotaGrantBytes));
        _grants[sender] = (fresh.Bytes - bytes, fresh.SpendUntil, fresh.ExpiresAt);
    }

    // Within the turn that spent it: the grant is still the one the bytes came from.
    private void RefundQuota(string sender, int bytes)
    {
        if (_grants.TryGetValue(sender, out var grant))
        {
            _grants[sender] = (grant.Bytes + bytes, grant.SpendUntil, grant.ExpiresAt);
        }
    }

    /// <summary>Gives back the unspent rest of every grant whose spending time ended before <paramref name="before"/>.</summary>
    private void ReturnGrants(DateTimeOffset before)
    {
        foreach (var (sender, grant) in _grants.Where(g => g.Value.SpendUntil < before).ToList())
        {
            _grants.Remove(sender);
            Release(sender, new MailboxCharge(grant.ExpiresAt, grant.Bytes));
        }
    }

    /// <summary>Queues a charge to give back to the sender's quota at the next settlement, summed by the hour it lapses.</summary>
    private void Release(string sender, MailboxCharge charge)
    {
        if (charge.Bytes < 1)
        {
            return;
        }

        if (!_releases.TryGetValue(sender, out var hours))
        {
            hours = [];
            _releases[sender] = hours;
        }

        var hour = MailboxCharge.LapseHour(charge.ExpiresAt);
        hours[hour] = hours.GetValueOrDefault(hour) + charge.Bytes;
    }

    /// <summary>
    /// Gives the queued charges back, one call per sender, all at once. A release that fails is not retried: its charge
    /// lapses by itself when its packets would have expired.
    /// </summary>
    private async Task SettleQuotasAsync()
    {
        if (_releases.Count == 0)
        {
            return;
        }

        var releases = _releases.Select(r => (Sender: r.Key, Charges: r.Value.Select(h => MailboxCharge.AtLapseHour(h.Key, h.Value)).ToArray())).ToList();
        _releases.Clear();
        await Task.WhenAll(releases.Select(async release =>
        {
            try
            {
                await GrainFactory.GetGrain<IMailboxQuotaGrain>(release.Sender).ReleaseAsync(release.Charges);
            }
            catch (Exception ex)
            {
                LogReleaseFailed(logger, ex);
            }
        }));
    }

    // A stored packet's charge lapses when the packet expires.
    private MailboxCharge ChargeOf(DateTimeOffset enqueuedAt, int bytes) => new(enqueuedAt + _options.Retention, bytes);

    /// <summary>What every queued packet is charged to its sender, read before the mailbox is deleted (node removal).</summary>
    private async Task<List<(string Sender, MailboxCharge Charge)>> QueuedChargesAsync()
    {
        var charges = new List<(string Sender, MailboxCharge Charge)>();
        var after = 0L;
        while (true)
        {
            var rows = await mailbox.ReadAsync(_key, after, RemovalReadBatch);
            foreach (var row in rows)
            {
                charges.Add((SenderKey(row.Envelope.SenderRootIdentifier), ChargeOf(row.EnqueuedAt, row.Packet.Length)));
            }

            if (rows.Count < RemovalReadBatch)
            {
                return charges;
            }

            after = rows[^1].Sequence;
        }
    }

    private async Task SweepExpiredAsync()
    {
        var now = time.GetUtcNow();
        _lastSweep = now;

        // Also with nothing queued: acknowledged message ids are forgotten here once retention has passed.
        var expired = await mailbox.DeleteEnqueuedBeforeAsync(_key, now - _options.Retention);
        if (expired.Count == 0)
        {
            return;
        }

        foreach (var sequence in expired)
        {
            _sizes.Remove(sequence);
        }

        ClusterMetrics.PacketsExpired.Add(expired.Count);

        // Expiry is maintenance, not the hot path: recount rather than track every packet's age in memory.
        await RebuildCountersAsync(CancellationToken.None);
    }

    private async Task RebuildCountersAsync(CancellationToken cancellationToken)
    {
        var summary = await mailbox.SummarizeAsync(_key, cancellationToken);
        _count = summary.Count;
        _bytes = summary.Bytes;
        _senders.Clear();
        foreach (var (sender, usage) in summary.BySender)
        {
            _senders[sender] = usage;
        }

        _lastSequence = Math.Max(_lastSequence, summary.HighestSequence);

        // Which senders are strangers, asked of the contacts grain in one call.
        _strangers.Clear();
        _strangerUsage = default;
        var unknown = _senders.Keys.Where(k => !_contacts.Contains(k)).ToArray();
        if (unknown.Length > 0 && state.State.Chain is not null)
        {
            var contacts = await OwnContacts.AreContactsAsync(unknown);
            var own = GrainKeys.ForRoot(state.State.Chain.RootIdentifier);
            for (var i = 0; i < unknown.Length; i++)
            {
                if (contacts[i] || unknown[i] == own)
                {
                    _contacts.Add(unknown[i]);
                }
                else if (_strangers.Add(unknown[i]))
                {
                    var usage = _senders[unknown[i]];
                    _strangerUsage = new MailboxUsage(_strangerUsage.Count + usage.Count, _strangerUsage.Bytes + usage.Bytes);
                }
            }
        }
    }

    private void EnsureValidKey()
    {
        if (!GrainKeys.IsNodeGrainKey(_key))
        {
            DeactivateOnIdle();
            throw Require.Invalid("A node grain key is a node identifier in lowercase hex.");
        }
    }

    private NodeChain RequireAttached()
    {
        EnsureValidKey();
        if (state.State.Chain is { } chain)
        {
            return chain;
        }

        // Found nothing: leave no activation behind for an id someone made up (it holds no state to keep).
        DeactivateOnIdle();
        throw Require.Error(ClusterErrorCode.NotFound, "The node is not registered.");
    }

    private static bool SameChain(NodeChain a, NodeChain b) =>
        a.RootPublicKey.AsSpan().SequenceEqual(b.RootPublicKey)
        && a.Node.DevId.AsSpan().SequenceEqual(b.Node.DevId)
        && a.Node.NodePublicKey.AsSpan().SequenceEqual(b.Node.NodePublicKey)
        && a.Node.RootSignature.AsSpan().SequenceEqual(b.Node.RootSignature);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A release to a sender's mailbox quota failed; its charge lapses when the packets would have expired")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);
}
