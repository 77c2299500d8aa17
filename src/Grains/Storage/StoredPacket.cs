using Wickr.Cluster.Contracts;
namespace Wickr.Cluster.Grains.Storage;

/// <summary>One queued, opaque packet as the mailbox store keeps it.</summary>
/// <param name="Sequence">Position in the node's mailbox, assigned by the node grain, strictly increasing.</param>
/// <param name="MessageId">Sender-chosen id that makes a retried enqueue idempotent.</param>
/// <param name="Packet">The ciphertext packet; never inspected by the server.</param>
/// <param name="EnqueuedAt">When the packet was accepted, for retention.</param>
public sealed record StoredPacket(long Sequence, string MessageId, byte[] Packet, DateTimeOffset EnqueuedAt);
