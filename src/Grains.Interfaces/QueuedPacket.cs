namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>A packet waiting in a node's mailbox.</summary>
/// <param name="Sequence">Position in the mailbox; strictly increasing, with gaps.</param>
/// <param name="Envelope">The sender, the sender's message id and the opaque packet.</param>
/// <param name="EnqueuedAt">When the cluster accepted the packet.</param>
[Alias("wickr.queued-packet.v1")]
[GenerateSerializer, Immutable]
public sealed record QueuedPacket(
    [property: Id(0)] long Sequence,
    [property: Id(1)] MailboxEnvelope Envelope,
    [property: Id(2)] DateTimeOffset EnqueuedAt)
{
    /// <summary>The sender-chosen id that made the enqueue idempotent.</summary>
    public string MessageId => Envelope.MessageId;

    /// <summary>The opaque ciphertext packet.</summary>
    public byte[] Packet => Envelope.Packet;
}
