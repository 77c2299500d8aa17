using Orleans.Concurrency;

namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>
/// A node (device), keyed by the node identifier in lowercase hex (<see cref="GrainKeys.ForNode"/>): its identity
/// chain and its mailbox of opaque packets. Packets are stored one row each and deleted only on acknowledgement
/// or after the retention period; the grain keeps only sequence numbers and counters in memory.
/// </summary>
[Alias("wickr.node.v1")]
public interface INodeGrain : IGrainWithStringKey
{
    /// <summary>Attaches the node to its root; called by the user grain when the node is added. Idempotent.</summary>
    /// <param name="chain">The root and the node.</param>
    [Alias("attach")]
    Task AttachAsync(NodeChain chain);

    /// <summary>Detaches the node from its root, deleting its mailbox and key pool; called by the user grain. Idempotent.</summary>
    /// <param name="rootIdentifier">The root the caller acts for; must be the node's root.</param>
    [Alias("detach")]
    Task DetachAsync(byte[] rootIdentifier);

    /// <summary>The node's identity chain.</summary>
    /// <exception cref="ClusterException"><see cref="ClusterErrorCode.NotFound"/> when the node is not attached.</exception>
    [Alias("get-chain")]
    Task<NodeChain> GetChainAsync();

    /// <summary>
    /// Queues a packet. A retried send with the same sender node and message id is stored once, also when the first
    /// copy was already acknowledged (acknowledged ids are remembered for the retention period).
    /// </summary>
    /// <param name="envelope">The sender, the message id (a <see cref="Protocol.MessageId"/>) and the packet (1 byte up to the cap).</param>
    /// <exception cref="ClusterException">
    /// <see cref="ClusterErrorCode.MailboxFull"/> at the mailbox's count or byte cap, or at the sender's share of either
    /// (the packet is not stored, nothing queued is dropped, and the message names no counter);
    /// <see cref="ClusterErrorCode.LimitExceeded"/> when the sending user's quota of packets stored in all mailboxes
    /// together is spent (<see cref="IMailboxQuotaGrain"/>; nothing stored); <see cref="ClusterErrorCode.TooLarge"/> above the packet cap; <see cref="ClusterErrorCode.NotFound"/> for a node not attached.
    /// </exception>
    [Alias("enqueue")]
    Task<EnqueueResult> EnqueueAsync(MailboxEnvelope envelope);

    /// <summary>Reads queued packets in sequence order; reading deletes nothing.</summary>
    /// <param name="afterSequence">Return packets after this sequence (0 for the start).</param>
    /// <param name="maxCount">
    /// At most this many (1 or more). The silo returns at most its configured batch cap whatever is asked, so a short
    /// read does not mean the end: read on after the last sequence returned until a read is empty.
    /// </param>
    [Alias("read")]
    Task<QueuedPacket[]> ReadAsync(long afterSequence, int maxCount);

    /// <summary>Acknowledges packets: they are deleted. Unknown or already acknowledged sequences are ignored.</summary>
    /// <param name="sequences">Sequences to delete (1 to <see cref="Protocol.ProtocolLimits.MaxAckSequences"/>).</param>
    /// <returns>How many packets were deleted.</returns>
    [Alias("ack")]
    Task<int> AckAsync(long[] sequences);

    /// <summary>
    /// Subscribes (or renews) a doorbell for this node. Subscriptions expire: renew before the returned lifetime ends.
    /// </summary>
    /// <param name="observer">The observer reference.</param>
    /// <returns>How long the subscription lasts without renewal.</returns>
    [Alias("subscribe")]
    Task<TimeSpan> SubscribeAsync(INodeObserver observer);

    /// <summary>Ends a subscription.</summary>
    /// <param name="observer">The observer reference.</param>
    [Alias("unsubscribe")]
    Task UnsubscribeAsync(INodeObserver observer);

    /// <summary>Rings the doorbell for a low key pool; called by the node's ephemeral key pool grain.</summary>
    /// <param name="remaining">One-time keys left.</param>
    [OneWay]
    [Alias("signal-ephemeral-keys-low")]
    Task SignalEphemeralKeysLowAsync(int remaining);
}
