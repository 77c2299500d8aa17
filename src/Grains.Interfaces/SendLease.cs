namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>
/// Send budget a sender grain has already taken for one sending node, handed to the gateway that made the send: that
/// gateway may queue further sends of the node straight into the recipients' mailboxes, without the sender grain, until
/// the lease's deliveries or bytes are used up or its lifetime has passed. Taken from the node's and the user's budgets
/// when granted, so leases never let a sender past its budget, on any number of gateways; what a lease leaves unused
/// is simply lost.
/// </summary>
/// <param name="Deliveries">Recipient nodes the lease pays for.</param>
/// <param name="Bytes">Stored bytes the lease pays for (packet size times recipients, summed over the sends).</param>
/// <param name="Lifetime">How long from its receipt the gateway may spend it.</param>
[Alias("wickr.send-lease.v1")]
[GenerateSerializer, Immutable]
public sealed record SendLease(
    [property: Id(0)] int Deliveries,
    [property: Id(1)] long Bytes,
    [property: Id(2)] TimeSpan Lifetime)
{
    /// <summary>
    /// Recipients of a send that a lease may pay for, and of a send that earns one. A gateway queues a leased send
    /// itself, one grain call per recipient carrying the packet; a wider send is fanned out inside the silo by the
    /// sender grain, and earns no lease it could not spend.
    /// </summary>
    public const int MaxRecipients = 4;
}
