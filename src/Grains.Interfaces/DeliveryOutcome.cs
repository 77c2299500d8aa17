namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>What became of one recipient node's copy of a send.</summary>
/// <param name="Duplicate">True when the node already held (or had acknowledged) a packet with the same message id.</param>
/// <param name="Failure">
/// Why the packet was not queued for this node (for example <see cref="ClusterErrorCode.NotFound"/> for an unknown
/// node, <see cref="ClusterErrorCode.MailboxFull"/>), or null when it was; one node's failure does not affect the others.
/// </param>
[Alias("wickr.delivery-outcome.v1")]
[GenerateSerializer, Immutable]
public sealed record DeliveryOutcome(
    [property: Id(0)] bool Duplicate,
    [property: Id(1)] Exception? Failure);
