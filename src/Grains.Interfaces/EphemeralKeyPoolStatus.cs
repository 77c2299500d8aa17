namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>The state of a node's ephemeral key pool.</summary>
/// <param name="Count">Exact number of one-time keys left.</param>
/// <param name="HasLastResortKey">Whether a last-resort key is set.</param>
/// <param name="HighestKeyId">The highest key id seen for the node, or null before the first upload.</param>
/// <param name="IsLow">True when <paramref name="Count"/> is below the low-water mark: the node should upload more keys.</param>
/// <param name="Capacity">How many one-time keys the pool may hold.</param>
[Alias("wickr.ephemeral-key-pool-status.v1")]
[GenerateSerializer, Immutable]
public sealed record EphemeralKeyPoolStatus(
    [property: Id(0)] int Count,
    [property: Id(1)] bool HasLastResortKey,
    [property: Id(2)] ulong? HighestKeyId,
    [property: Id(3)] bool IsLow,
    [property: Id(4)] int Capacity);
