namespace Wickr.Cluster.Grains;

/// <summary>
/// Send budgets per sending node and per sending user (all its nodes together), over deliveries (one per recipient
/// node) and over stored bytes (packet size times recipients). Bound from configuration section <c>Sender</c>.
/// </summary>
public sealed class SenderOptions
{
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

    internal IEnumerable<string> Validate()
    {
        if (NodeDeliveryBurst < 1) yield return "Sender:NodeDeliveryBurst must be at least 1.";
        if (UserDeliveryBurst < NodeDeliveryBurst) yield return "Sender:UserDeliveryBurst must be at least NodeDeliveryBurst.";
        if (NodeByteBurst < Contracts.ProtocolLimits.MaxPacketBytes) yield return "Sender:NodeByteBurst must hold at least one largest packet.";
        if (UserByteBurst < NodeByteBurst) yield return "Sender:UserByteBurst must be at least NodeByteBurst.";
        if (!(NodeDeliveriesPerSecond > 0) || !(UserDeliveriesPerSecond > 0)) yield return "Sender:*DeliveriesPerSecond must be positive.";
        if (!(NodeBytesPerSecond > 0) || !(UserBytesPerSecond > 0)) yield return "Sender:*BytesPerSecond must be positive.";
    }
}
