namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>
/// The cluster's recent node removals, in order (one grain, key 0). A node grain records its removal here before
/// it deletes anything, so once a removal has returned, every later <see cref="SinceAsync"/> reports it. Gateways poll
/// it to drop the node chains they cache for authentication. Held in memory: a new activation starts a new
/// <see cref="NodeRemovals.Incarnation"/>, which tells every reader to drop everything it cached.
/// </summary>
[Alias("wickr.node-removal-log.v1")]
public interface INodeRemovalLogGrain : IGrainWithIntegerKey
{
    /// <summary>Records that a node is being removed.</summary>
    /// <param name="nodeIdentifier">The node identifier (32 bytes).</param>
    [Alias("record")]
    Task RecordAsync(byte[] nodeIdentifier);

    /// <summary>The removals after <paramref name="position"/> of <paramref name="incarnation"/>.</summary>
    /// <param name="incarnation">The incarnation the reader last saw (<see cref="Guid.Empty"/> at first).</param>
    /// <param name="position">The position the reader last saw.</param>
    [Alias("since")]
    Task<NodeRemovals> SinceAsync(Guid incarnation, long position);
}
