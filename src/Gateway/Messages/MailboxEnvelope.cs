using System.Text;
using Wickr.Cluster.Contracts;

namespace Wickr.Cluster.Gateway.Messages;

/// <summary>
/// What the gateway queues in a node's mailbox for each send, so the recipient learns who sent it: version (1) ‖
/// root id length (1) ‖ sender root id ‖ sender node id (32) ‖ message id length (1) ‖ message id (ASCII) ‖ packet.
/// The sender fields come from the sender's token, never from the request. The node grain sees opaque bytes.
/// </summary>
internal sealed record MailboxEnvelope(byte[] SenderRootIdentifier, byte[] SenderNodeIdentifier, string MessageId, byte[] Packet)
{
    public const byte Version = 1;

    /// <summary>Bytes an envelope adds to its packet at most.</summary>
    public const int MaxOverhead = 3 + ProtocolSizes.MaxRootIdentifier + ProtocolSizes.NodeIdentifier + byte.MaxValue;

    public byte[] Encode()
    {
        var messageId = Encoding.ASCII.GetBytes(MessageId);
        var bytes = new byte[3 + SenderRootIdentifier.Length + ProtocolSizes.NodeIdentifier + messageId.Length + Packet.Length];
        var span = bytes.AsSpan();
        span[0] = Version;
        span[1] = (byte)SenderRootIdentifier.Length;
        SenderRootIdentifier.CopyTo(span[2..]);
        var at = 2 + SenderRootIdentifier.Length;
        SenderNodeIdentifier.CopyTo(span[at..]);
        at += ProtocolSizes.NodeIdentifier;
        span[at++] = (byte)messageId.Length;
        messageId.CopyTo(span[at..]);
        at += messageId.Length;
        Packet.CopyTo(span[at..]);
        return bytes;
    }

    /// <summary>Reads an envelope; null when the bytes are not one (nothing else writes mailboxes, so this is corruption).</summary>
    public static MailboxEnvelope? TryDecode(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.Length < 2 || span[0] != Version)
        {
            return null;
        }

        int rootLength = span[1];
        var at = 2;
        if (rootLength is 0 or > ProtocolSizes.MaxRootIdentifier || span.Length < at + rootLength + ProtocolSizes.NodeIdentifier + 1)
        {
            return null;
        }

        var root = span.Slice(at, rootLength).ToArray();
        at += rootLength;
        var node = span.Slice(at, ProtocolSizes.NodeIdentifier).ToArray();
        at += ProtocolSizes.NodeIdentifier;
        int idLength = span[at++];
        if (span.Length < at + idLength)
        {
            return null;
        }

        var messageId = Encoding.ASCII.GetString(span.Slice(at, idLength));
        at += idLength;
        return new MailboxEnvelope(root, node, messageId, span[at..].ToArray());
    }
}
