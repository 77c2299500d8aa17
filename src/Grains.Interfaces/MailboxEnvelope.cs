namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>
/// What a mailbox holds for each send: who sent it (taken from the sender's token by the gateway, never from the
/// request), the sender's message id and the opaque packet. A message id is unique per sender node, so one sender's
/// ids never suppress another's packets, and limits by sender read the sender fields directly.
/// </summary>
/// <param name="SenderRootIdentifier">The sending user's root identifier (1 to 127 bytes).</param>
/// <param name="SenderNodeIdentifier">The sending node's identifier (32 bytes).</param>
/// <param name="MessageId">The sender-chosen id that makes a retried send idempotent: a <see cref="Protocol.MessageId"/> in its text form.</param>
/// <param name="Packet">The ciphertext packet; never inspected by the cluster.</param>
[Alias("wickr.mailbox-envelope.v1")]
[GenerateSerializer, Immutable]
public sealed record MailboxEnvelope(
    [property: Id(0)] byte[] SenderRootIdentifier,
    [property: Id(1)] byte[] SenderNodeIdentifier,
    [property: Id(2)] string MessageId,
    [property: Id(3)] byte[] Packet);
