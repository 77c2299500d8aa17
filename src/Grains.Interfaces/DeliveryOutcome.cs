namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>What became of one recipient node's copy of a send.</summary>
/// <param name="Duplicate">True when the node already held (or had acknowledged) a packet with the same message id.</param>
/// <param name="ErrorCode">
/// Why the packet was not queued for this node (for example <see cref="ClusterErrorCode.NotFound"/> for an unknown node,
/// <see cref="ClusterErrorCode.MailboxFull"/>), or null when it was; one node's failure does not affect the others.
/// </param>
/// <param name="ErrorMessage">What went wrong, fit for the sender (see <see cref="ClusterFailures"/>); null when queued.</param>
[Alias("wickr.delivery-outcome.v1")]
[GenerateSerializer, Immutable]
public sealed record DeliveryOutcome(
    [property: Id(0)] bool Duplicate,
    [property: Id(1)] ClusterErrorCode? ErrorCode = null,
    [property: Id(2)] string? ErrorMessage = null)
{
    /// <summary>The packet is in the node's mailbox (now, or already before when <paramref name="duplicate"/>).</summary>
    /// <param name="duplicate">True when the node already held a packet with the same message id.</param>
    public static DeliveryOutcome Queued(bool duplicate) => new(duplicate);

    /// <summary>The packet was not queued for this node.</summary>
    /// <param name="code">Why.</param>
    /// <param name="message">What went wrong, fit for the sender.</param>
    public static DeliveryOutcome Failed(ClusterErrorCode code, string message) =>
        new(Duplicate: false, code, message ?? throw new ArgumentNullException(nameof(message)));
}
