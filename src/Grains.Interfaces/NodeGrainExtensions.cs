using Microsoft.Extensions.Logging;

namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>A send's delivery to one node, as both of its callers make it: the sender grain and a gateway on a lease.</summary>
public static partial class NodeGrainExtensions
{
    /// <summary>The message of a delivery that failed unexpectedly (the failure itself is logged, never sent).</summary>
    public const string UnexpectedFailureMessage = "The packet could not be queued for this node; the failure has been logged.";

    /// <summary>
    /// Queues <paramref name="envelope"/> in the node's mailbox and reports the outcome for this node alone: a failure
    /// (an unknown node, a full mailbox, a silo gone) is returned as its code and message, not thrown, so one recipient
    /// does not fail the others of a send; an unexpected one is logged and reported as <see cref="ClusterErrorCode.Internal"/>.
    /// </summary>
    /// <param name="node">The recipient's node grain.</param>
    /// <param name="envelope">The packet with its sender fields.</param>
    /// <param name="logger">Where an unexpected failure is logged (its type and stack; no packet bytes).</param>
    /// <returns>Whether the node already held the message id, or why the packet was not queued.</returns>
    public static async Task<DeliveryOutcome> DeliverAsync(this INodeGrain node, MailboxEnvelope envelope, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(logger);
        try
        {
            var result = await node.EnqueueAsync(envelope);
            return DeliveryOutcome.Queued(result.Duplicate);
        }
        catch (Exception ex)
        {
            if (ClusterFailures.Describe(ex) is { } known)
            {
                return DeliveryOutcome.Failed(known.Code, known.Message);
            }

            LogUnexpectedDelivery(logger, ex);
            return DeliveryOutcome.Failed(ClusterErrorCode.Internal, UnexpectedFailureMessage);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "An enqueue failed unexpectedly, answered Internal for that node")]
    private static partial void LogUnexpectedDelivery(ILogger logger, Exception exception);
}
