namespace Wickr.Cluster.ClientLib.Client;

/// <summary>A message left the local store; its body has been zeroed.</summary>
public sealed class MessageDeletedEventArgs(long sequence, string messageId, MessageDeletedReason reason) : EventArgs
{
    /// <summary>The message's place in this device's mailbox.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>The sender's message id.</summary>
    public string MessageId { get; } = messageId;

    /// <summary>Why it was deleted.</summary>
    public MessageDeletedReason Reason { get; } = reason;
}
