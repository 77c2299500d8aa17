namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>
/// The sending side of one user, keyed by the root identifier in lowercase hex (<see cref="GrainKeys.ForRoot"/>): its
/// send budget (token buckets for the user and for each of its nodes, over deliveries and over stored bytes) and the
/// fan-out of a send to the recipients' mailboxes. The budget is taken before any mailbox is touched, so a flood is
/// stopped before it reaches one, wherever the sender's calls land; and a send costs the gateway one grain call, or,
/// on a <see cref="SendLease"/> this grain granted, one call per recipient straight to its mailbox.
/// </summary>
[Alias("wickr.sender.v1")]
public interface ISenderGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes the send's cost from the sending node's and the user's budgets (a delivery for every recipient, and the
    /// packet size times the recipients in stored bytes), or nothing when either is short, then queues
    /// <paramref name="envelope"/> in every recipient node's mailbox at once. Made-up recipients cost the same budget as
    /// real ones.
    /// </summary>
    /// <param name="envelope">The packet with its sender fields; its root identifier must be this grain's.</param>
    /// <param name="recipientNodeIdentifiers">Distinct recipient nodes (32 bytes each, at least 1).</param>
    /// <returns>
    /// One outcome per recipient, in the order given (each durable when the task completes), when the same send could be
    /// repeated, and, for a send to at most <see cref="SendLease.MaxRecipients"/> nodes, a <see cref="SendLease"/> when
    /// the budgets hold one on top of it.
    /// </returns>
    /// <exception cref="ClusterException">
    /// <see cref="ClusterErrorCode.RateLimited"/> with <see cref="ClusterException.RetryAfter"/> when a budget is short
    /// (nothing was queued anywhere); <see cref="ClusterErrorCode.TooLarge"/> for a send larger than a whole budget;
    /// <see cref="ClusterErrorCode.InvalidArgument"/> for a malformed envelope or recipient list.
    /// </exception>
    [Alias("send")]
    Task<SendOutcome> SendAsync(MailboxEnvelope envelope, byte[][] recipientNodeIdentifiers);
}
