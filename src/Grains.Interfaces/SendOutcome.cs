namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>What became of a send: one outcome per recipient node, and when the sender may repeat it.</summary>
/// <param name="Deliveries">One outcome per recipient node, in the order the send named them.</param>
/// <param name="RepeatAfter">
/// How long until a send of the same size from the same node would be admitted by the send budget; zero when it would
/// be now. A gateway may refuse such a send itself until then, so a flood's packets stop before they reach the silo.
/// </param>
/// <param name="Lease">
/// Budget taken ahead for the sending node's next sends through the same gateway, or null when none was granted (the
/// budget had no room for it on top of this send, or leases are turned off).
/// </param>
[Alias("wickr.send-outcome.v1")]
[GenerateSerializer, Immutable]
public sealed record SendOutcome(
    [property: Id(0)] DeliveryOutcome[] Deliveries,
    [property: Id(1)] TimeSpan RepeatAfter,
    [property: Id(2)] SendLease? Lease = null);
