namespace Wickr.Cluster.ClientLib.Client;

/// <summary>What became of a sent message for one recipient node.</summary>
public enum DeliveryState
{
    /// <summary>The packet is queued in the node's mailbox.</summary>
    Queued,
    /// <summary>The packet was already queued under this message id (a retried send); stored once.</summary>
    Duplicate,
    /// <summary>No ephemeral key could be claimed for the node (rate limit, no key at all); nothing was sent to it.</summary>
    KeyUnavailable,
    /// <summary>The claimed key or the node's chain did not validate; nothing was encrypted to it.</summary>
    KeyRejected,
    /// <summary>The gateway refused to queue the packet for the node (for example a full mailbox).</summary>
    Refused,
}
