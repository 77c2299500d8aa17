namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>A send's delivery to one node, as both of its callers make it: the sender grain and a gateway on a lease.</summary>
public static class NodeGrainExtensions
{
    /// <summary>
    /// Queues <paramref name="envelope"/> in the node's mailbox and reports the outcome for this node alone: a failure
    /// (an unknown node, a full mailbox) is returned, not thrown, so one recipient does not fail the others of a send.
    /// </summary>
    /// <param name="node">The recipient's node grain.</param>
    /// <param name="envelope">The packet with its sender fields.</param>
    /// <returns>Whether the node already held the message id, or why the packet was not queued.</returns>
    public static async Task<DeliveryOutcome> DeliverAsync(this INodeGrain node, MailboxEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(node);
        try
        {
            var result = await node.EnqueueAsync(envelope);
            return new DeliveryOutcome(result.Duplicate, Failure: null);
        }
        catch (Exception ex)
        {
            return new DeliveryOutcome(Duplicate: false, ex);
        }
    }
}
