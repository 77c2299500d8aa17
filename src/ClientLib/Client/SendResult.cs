namespace Wickr.Cluster.ClientLib.Client;

/// <summary>The outcome of one send: the message id (reuse it to retry safely) and one entry per recipient node.</summary>
/// <param name="MessageId">The id the packet was queued under.</param>
/// <param name="Deliveries">One entry per recipient node, the sender's other nodes included.</param>
public sealed record SendResult(string MessageId, IReadOnlyList<NodeDelivery> Deliveries)
{
    /// <summary>True when every recipient node has the packet queued.</summary>
    public bool AllQueued => Deliveries.All(d => d.State is DeliveryState.Queued or DeliveryState.Duplicate);

    /// <summary>The nodes that did not get the packet.</summary>
    public IEnumerable<NodeDelivery> Failures => Deliveries.Where(d => d.State is not (DeliveryState.Queued or DeliveryState.Duplicate));
}
