namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>What a device learns when it connects: its queue and whether it must replenish its key pool.</summary>
/// <param name="QueuedPackets">Packets waiting in the mailbox.</param>
/// <param name="QueuedBytes">Their total size.</param>
/// <param name="EphemeralKeys">The state of the node's ephemeral key pool.</param>
[GenerateSerializer, Immutable]
public sealed record NodeStatus(
    [property: Id(0)] int QueuedPackets,
    [property: Id(1)] long QueuedBytes,
    [property: Id(2)] EphemeralKeyPoolStatus EphemeralKeys)
{
    /// <summary>True when the device should upload ephemeral keys (the pool is below its low-water mark).</summary>
    public bool MustReplenishEphemeralKeys => EphemeralKeys.IsLow;
}
