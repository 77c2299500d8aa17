using Wickr.Cluster.Protocol;
namespace Wickr.Cluster.ClientLib.Client;

/// <summary>A queued packet that can never be decrypted here; it was acknowledged (deleted) without being handed over.</summary>
public sealed class PacketRejectedEventArgs(long sequence, string messageId, string senderNodeIdentifierHex, WickrError error, string reason) : EventArgs
{
    /// <summary>Its place in this device's mailbox.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>The sender's message id.</summary>
    public string MessageId { get; } = messageId;

    /// <summary>The sending node, lowercase hex.</summary>
    public string SenderNodeIdentifierHex { get; } = senderNodeIdentifierHex;

    /// <summary>Which step failed.</summary>
    public WickrError Error { get; } = error;

    /// <summary>Why, in words (no key material).</summary>
    public string Reason { get; } = reason;
}
