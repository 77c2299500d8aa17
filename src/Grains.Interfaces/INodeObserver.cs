using Orleans.Concurrency;

namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>
/// A doorbell for whoever fronts the cluster (a gateway holding the device's push stream). Signals carry no
/// content: the truth stays in storage and the device reads it through the node grain.
/// </summary>
[Alias("wickr.node-observer.v1")]
public interface INodeObserver : IGrainObserver
{
    /// <summary>A packet was queued for the node.</summary>
    /// <param name="nodeGrainKey">The node grain key (node identifier, lowercase hex).</param>
    /// <param name="sequence">The new packet's sequence.</param>
    [OneWay]
    [Alias("packet-queued")]
    Task PacketQueuedAsync(string nodeGrainKey, long sequence);

    /// <summary>The node's ephemeral key pool fell below its low-water mark; the device should upload keys.</summary>
    /// <param name="nodeGrainKey">The node grain key (node identifier, lowercase hex).</param>
    /// <param name="remaining">One-time keys left.</param>
    [OneWay]
    [Alias("ephemeral-keys-low")]
    Task EphemeralKeysLowAsync(string nodeGrainKey, int remaining);
}
