using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Placement;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Limits;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Grains.Senders;

/// <inheritdoc cref="ISenderGrain"/>
/// <remarks>
/// In memory only, by design: a send budget refills in seconds to minutes, so a deactivation (after the grain has
/// been idle for the collection age, i.e. the buckets are full anyway) loses nothing an attacker could use. The
/// lasting defence of a recipient is its per-sender share of the mailbox, which the node grain keeps from storage.
/// </remarks>
/// Reentrant: budgets change only in the synchronous part of a call, so one user's concurrent sends interleave while
/// their deliveries are awaited instead of queueing behind each other's durable writes.
/// Placed on the silo that first receives its call: a gateway sends all calls for one grain through the same silo, so
/// the sender grain lives where its sends arrive and a send crosses silos only on its way to the recipients' mailboxes.
/// Nothing is lost by the choice, as the grain keeps nothing in storage.
[GrainType("wickr-sender")]
[PreferLocalPlacement]
[Reentrant]
internal sealed class SenderGrain(
    IOptions<SenderOptions> options,
    [FromKeyedServices(WickrGrains.TimeProviderKey)] TimeProvider time,
    ILogger<SenderGrain> logger) : Grain, ISenderGrain
{
    private readonly SenderOptions _options = options.Value;
    private readonly Dictionary<string, (DateTimeOffset Deliveries, DateTimeOffset Bytes)> _nodes = new(StringComparer.Ordinal);
    private (DateTimeOffset Deliveries, DateTimeOffset Bytes) _user;

    public async Task<SendOutcome> SendAsync(MailboxEnvelope envelope, byte[][] recipientNodeIdentifiers)
    {
        if (envelope?.Packet is not { Length: > 0 } packet || recipientNodeIdentifiers is not { Length: > 0 } recipients)
        {
            throw Require.Invalid("A send has an envelope with a packet and at least one recipient node.");
        }

        if (envelope.SenderRootIdentifier is null || GrainKeys.ForRoot(envelope.SenderRootIdentifier) != this.GetPrimaryKeyString())
        {
            throw Require.Invalid("A send's envelope names this sender's root identifier.");
        }

        foreach (var recipient in recipients)
        {
            Require.NodeIdentifier(recipient, "A recipient node identifier");
        }

        var repeatAfter = Admit(envelope.SenderNodeIdentifier, recipients.Length, (long)packet.Length * recipients.Length);
        var lease = recipients.Length <= SendLease.MaxRecipients ? TakeLease(envelope.SenderNodeIdentifier) : null;
        return new SendOutcome(await Task.WhenAll(recipients.Select(recipient => GrainFactory.GetNodeGrain(recipient).DeliverAsync(envelope, logger))), repeatAfter, lease);
    }

    /// <summary>Takes the cost from all four budgets, or nothing; returns how long until the same cost could be taken again.</summary>
    private TimeSpan Admit(byte[] senderNodeIdentifier, int deliveries, long bytes)
    {
        if (!GrainKeys.IsRootGrainKey(this.GetPrimaryKeyString()))
        {
            throw Require.Invalid("A sender grain key is a root identifier in lowercase hex.");
        }

        Require.NodeIdentifier(senderNodeIdentifier, "A sender node identifier");
        if (deliveries < 1 || bytes < deliveries)
        {
            throw Require.Invalid("A send has at least one delivery of at least one byte.");
        }

        if (deliveries > _options.NodeDeliveryBurst || bytes > _options.NodeByteBurst)
        {
            throw Require.Error(ClusterErrorCode.TooLarge,
                $"One send makes at most {_options.NodeDeliveryBurst} deliveries and stores at most {_options.NodeByteBurst} bytes.");
        }

        var now = time.GetUtcNow();
        var node = Convert.ToHexStringLower(senderNodeIdentifier);
        var buckets = Buckets(node, deliveries, bytes);
        var next = new DateTimeOffset[buckets.Length];
        if (Wait(buckets, now, next) is { } retryAfter)
        {
            ClusterMetrics.SendsRateLimited.Add(1);
            throw ClusterException.SendBudgetSpent(retryAfter);
        }

        Forget(now);
        _nodes[node] = (next[0], next[1]);
        _user = (next[2], next[3]);

        // The same send again: how long the buckets would make it wait now (nothing is taken).
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i].Tat = next[i];
        }

        return Wait(buckets, now, next) ?? TimeSpan.Zero;
    }

    /// <summary>
    /// Takes a lease's worth from all four budgets on top of a send just admitted, or nothing (and no lease) when any
    /// of them is short: a lease is budget spent ahead, never budget added.
    /// </summary>
    private SendLease? TakeLease(byte[] senderNodeIdentifier)
    {
        if (_options.LeaseDeliveries == 0 || _options.LeaseBytes == 0)
        {
            return null;
        }

        var node = Convert.ToHexStringLower(senderNodeIdentifier);
        var buckets = Buckets(node, _options.LeaseDeliveries, _options.LeaseBytes);
        var next = new DateTimeOffset[buckets.Length];
        if (Wait(buckets, time.GetUtcNow(), next) is not null)
        {
            return null;
        }

        _nodes[node] = (next[0], next[1]);
        _user = (next[2], next[3]);
        return new SendLease(_options.LeaseDeliveries, _options.LeaseBytes, _options.LeaseLifetime);
    }

    /// <summary>The node's and the user's budgets over deliveries and bytes, each with the cost to take from it.</summary>
    private (Gcra Bucket, DateTimeOffset Tat, double Cost)[] Buckets(string node, int deliveries, long bytes)
    {
        var nodeTats = _nodes.GetValueOrDefault(node);
        return
        [
            (Gcra.PerSecond(_options.NodeDeliveryBurst, _options.NodeDeliveriesPerSecond), nodeTats.Deliveries, deliveries),
            (Gcra.PerSecond(_options.NodeByteBurst, _options.NodeBytesPerSecond), nodeTats.Bytes, bytes),
            (Gcra.PerSecond(_options.UserDeliveryBurst, _options.UserDeliveriesPerSecond), _user.Deliveries, deliveries),
            (Gcra.PerSecond(_options.UserByteBurst, _options.UserBytesPerSecond), _user.Bytes, bytes),
        ];
    }

    /// <summary>Null when every bucket can give its cost now (their new TATs in <paramref name="next"/>); else the longest wait.</summary>
    private static TimeSpan? Wait((Gcra Bucket, DateTimeOffset Tat, double Cost)[] buckets, DateTimeOffset now, DateTimeOffset[] next)
    {
        var longest = TimeSpan.Zero;
        var ok = true;
        for (var i = 0; i < buckets.Length; i++)
        {
            ok &= buckets[i].Bucket.TryTake(buckets[i].Tat, buckets[i].Cost, now, out next[i], out var wait);
            longest = wait > longest ? wait : longest;
        }

        return ok ? null : longest;
    }

    // A node whose buckets are full again carries no information (a user has at most a few dozen nodes anyway).
    private void Forget(DateTimeOffset now)
    {
        if (_nodes.Count < 16)
        {
            return;
        }

        foreach (var (node, tats) in _nodes)
        {
            if (tats.Deliveries <= now && tats.Bytes <= now)
            {
                _nodes.Remove(node);
            }
        }
    }
}
