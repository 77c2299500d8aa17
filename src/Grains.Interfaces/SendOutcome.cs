namespace Wickr.Cluster.Contracts;

/// <summary>What became of a send: one outcome per recipient node, and when the sender may repeat it.</summary>
/// <param name="Deliveries">One outcome per recipient node, in the order the send named them.</param>
/// <param name="RepeatAfter">
/// How long until a send of the same size from the same node would be admitted by the send budget; zero when it would
/// be now. A gateway may refuse such a send itself until then, so a flood's packets stop before they reach the silo.
/// </param>
[GenerateSerializer, Immutable]
public sealed record SendOutcome(
    [property: Id(0)] DeliveryOutcome[] Deliveries,
    [property: Id(1)] TimeSpan RepeatAfter);
