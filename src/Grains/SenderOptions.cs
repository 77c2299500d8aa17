using Wickr.Cluster.Configuration;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Grains;

/// <summary>
/// Send budgets per sending node and per sending user (all its nodes together), over deliveries (one per recipient
/// node) and over stored bytes (packet size times recipients). Bound from configuration section <c>Grains:Sender</c> by the silo.
/// </summary>
public sealed class SenderOptions : IValidatableOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Grains:Sender";

    /// <summary>Deliveries one node may make at once. Default 1,000.</summary>
    public int NodeDeliveryBurst { get; set; } = 1_000;

    /// <summary>Deliveries per second one node keeps up. Default 20.</summary>
    public double NodeDeliveriesPerSecond { get; set; } = 20;

    /// <summary>Bytes one node may store at once; at least the largest single send. Default 256 MiB.</summary>
    public long NodeByteBurst { get; set; } = 256L * 1024 * 1024;

    /// <summary>Bytes per second one node keeps up. Default 2 MiB.</summary>
    public double NodeBytesPerSecond { get; set; } = 2 * 1024 * 1024;

    /// <summary>Deliveries one user may make at once, over all its nodes. Default 2,000.</summary>
    public int UserDeliveryBurst { get; set; } = 2_000;

    /// <summary>Deliveries per second one user keeps up. Default 40.</summary>
    public double UserDeliveriesPerSecond { get; set; } = 40;

    /// <summary>Bytes one user may store at once. Default 512 MiB.</summary>
    public long UserByteBurst { get; set; } = 512L * 1024 * 1024;

    /// <summary>Bytes per second one user keeps up. Default 4 MiB.</summary>
    public double UserBytesPerSecond { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Deliveries a send lease pays for: taken ahead, on top of a send, for the sending node's next sends through the
    /// same gateway, which then skip the sender grain (see <see cref="SendLease"/>). 0 turns leases off. A lease is
    /// granted only when every budget has room for it on top of the send, so it never lets a sender past its budget (and
    /// one larger than a burst is never granted); what it leaves unused is lost, at most this many deliveries per
    /// <see cref="LeaseLifetime"/>. Default 16.
    /// </summary>
    public int LeaseDeliveries { get; set; } = 16;

    /// <summary>Stored bytes a send lease pays for (packet size times recipients). Default 1 MiB.</summary>
    public long LeaseBytes { get; set; } = 1024 * 1024;

    /// <summary>How long a gateway may spend a send lease after receiving it. Default 10 seconds.</summary>
    public TimeSpan LeaseLifetime { get; set; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc/>
    public IEnumerable<string> Validate()
    {
        if (NodeDeliveryBurst < 1) yield return "NodeDeliveryBurst must be at least 1.";
        if (UserDeliveryBurst < NodeDeliveryBurst) yield return "UserDeliveryBurst must be at least NodeDeliveryBurst.";
        if (NodeByteBurst < ProtocolLimits.MaxPacketBytes) yield return "NodeByteBurst must hold at least one largest packet.";
        if (UserByteBurst < NodeByteBurst) yield return "UserByteBurst must be at least NodeByteBurst.";
        if (!(NodeDeliveriesPerSecond > 0)) yield return "NodeDeliveriesPerSecond must be positive.";
        if (!(UserDeliveriesPerSecond > 0)) yield return "UserDeliveriesPerSecond must be positive.";
        if (!(NodeBytesPerSecond > 0)) yield return "NodeBytesPerSecond must be positive.";
        if (!(UserBytesPerSecond > 0)) yield return "UserBytesPerSecond must be positive.";
        if (LeaseDeliveries < 0) yield return "LeaseDeliveries must be 0 or more.";
        if (LeaseBytes < 0) yield return "LeaseBytes must be 0 or more.";
        if (LeaseLifetime <= TimeSpan.Zero || LeaseLifetime > TimeSpan.FromMinutes(10)) yield return "LeaseLifetime must be positive and at most 10 minutes.";
    }
}
