using Wickr.Cluster.Grains.Interfaces;
namespace Wickr.Cluster.Grains.EphemeralKeys;

/// <summary>
/// The persisted pool header. The one-time keys themselves are rows in the key store; this holds what must
/// outlive them: the highest id ever seen (ids never go back), the last-resort key, and the claim limits' state, so
/// that no deactivation (idle collection, memory pressure, a silo restart) gives a claimer a fresh budget.
/// </summary>
[Alias("wickr.ephemeral-key-pool-state.v1")]
[GenerateSerializer]
internal sealed class EphemeralKeyPoolState
{
    [Id(0)]
    public bool IsOpen { get; set; }

    [Id(1)]
    public ulong? HighestKeyId { get; set; }

    [Id(2)]
    public EphemeralKeyRecord? LastResortKey { get; set; }

    /// <summary>Per claiming user (root identifier, lowercase hex): the TAT of its claim budget on this pool.</summary>
    [Id(3)]
    public Dictionary<string, DateTimeOffset> ClaimerBudgets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The TAT of the pool-wide claim ceiling.</summary>
    [Id(4)]
    public DateTimeOffset PoolBudget { get; set; }
}
