namespace Wickr.Cluster.ClientLib.Client;

/// <summary>This device's ephemeral key pool as the server holds it.</summary>
/// <param name="Count">One-time keys left.</param>
/// <param name="Capacity">Most one-time keys the pool holds.</param>
/// <param name="Low">True when below the server's low-water mark.</param>
/// <param name="HasLastResortKey">True when a last-resort key is set.</param>
/// <param name="HighestKeyId">Highest key id the server has seen for this node.</param>
public sealed record PoolState(int Count, int Capacity, bool Low, bool HasLastResortKey, ulong HighestKeyId);
