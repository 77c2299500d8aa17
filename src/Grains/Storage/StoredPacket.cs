using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Grains.Storage;

/// <summary>One queued, opaque packet as the mailbox store keeps it.</summary>
/// <param name="Sequence">Position in the node's mailbox, assigned by the node grain, strictly increasing.</param>
/// <param name="Envelope">
/// The sender, the sender's message id (unique per sender node: a retried enqueue is stored once) and the packet,
/// which is never inspected by the server.
/// </param>
/// <param name="EnqueuedAt">When the packet was accepted, for retention.</param>
public sealed record StoredPacket(long Sequence, MailboxEnvelope Envelope, DateTimeOffset EnqueuedAt)
{
    /// <summary>The sender-chosen message id.</summary>
    public string MessageId => Envelope.MessageId;

    /// <summary>The opaque ciphertext packet.</summary>
    public byte[] Packet => Envelope.Packet;
}
