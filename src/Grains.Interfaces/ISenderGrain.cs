namespace Wickr.Cluster.Contracts;

/// <summary>
/// The send budget of one user, keyed by the root identifier in lowercase hex (<see cref="GrainKeys.ForRoot"/>): token
/// buckets for the user and for each of its nodes, over deliveries and over stored bytes. The gateway asks before it
/// queues a send, so a flood is stopped before it reaches any mailbox, wherever the sender's calls land.
/// </summary>
public interface ISenderGrain : IGrainWithStringKey
{
    /// <summary>Takes a send's cost from the node's and the user's budgets, or nothing when either is short.</summary>
    /// <param name="senderNodeIdentifier">The sending node (32 bytes).</param>
    /// <param name="deliveries">Recipient nodes of the send (at least 1).</param>
    /// <param name="bytes">Bytes the send stores in total: packet size times recipients.</param>
    /// <exception cref="ClusterException">
    /// <see cref="ClusterErrorCode.RateLimited"/> with <see cref="ClusterException.RetryAfter"/> when a budget is short.
    /// </exception>
    Task AdmitAsync(byte[] senderNodeIdentifier, int deliveries, long bytes);
}
