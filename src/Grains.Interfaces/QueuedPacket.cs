namespace Wickr.Cluster.Contracts;

/// <summary>A packet waiting in a node's mailbox.</summary>
/// <param name="Sequence">Position in the mailbox; strictly increasing, with gaps.</param>
/// <param name="MessageId">The sender-chosen id that made the enqueue idempotent.</param>
/// <param name="Packet">The opaque ciphertext packet.</param>
/// <param name="EnqueuedAt">When the cluster accepted the packet.</param>
[GenerateSerializer, Immutable]
public sealed record QueuedPacket(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string MessageId,
    [property: Id(2)] byte[] Packet,
    [property: Id(3)] DateTimeOffset EnqueuedAt);
