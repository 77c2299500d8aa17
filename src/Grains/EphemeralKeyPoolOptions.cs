using Wickr.Cluster.Configuration;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Grains;

/// <summary>Limits of a node's ephemeral key pool. Bound from configuration section <c>Grains:EphemeralKeyPool</c> by the silo.</summary>
public sealed class EphemeralKeyPoolOptions : IValidatableOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Grains:EphemeralKeyPool";

    /// <summary>Most one-time keys a pool holds. Default 1,000.</summary>
    public int MaxKeys { get; set; } = 1_000;

    /// <summary>Below this many one-time keys the node is told to replenish. Default 100.</summary>
    public int LowWaterMark { get; set; } = 100;

    /// <summary>
    /// Most claims one claiming user (all its nodes together) may make on one pool in a burst, whatever the pool's size
    /// (see <see cref="ClaimerShare"/>). Default 20: a stranger with 64 nodes takes no more than a stranger with one.
    /// </summary>
    public int ClaimBurst { get; set; } = 20;

    /// <summary>One claim of a claiming user is restored at most this often (sustained rate). Default 3 seconds (20 per minute).</summary>
    public TimeSpan ClaimRefillInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Most claims all claimers together may make on one pool in a burst, whatever its size (see <see cref="PoolShare"/>). Default 200.</summary>
    public int PoolClaimBurst { get; set; } = 200;

    /// <summary>One claim of the pool's ceiling is restored at most this often. Default 1 second.</summary>
    public TimeSpan PoolClaimRefillInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The fraction of a pool's one-time keys one claiming user may take per <see cref="ClaimerShareWindow"/>: its burst
    /// is this share of the pool's size (the most keys it held since it was last loaded, at least <see cref="LowWaterMark"/>; at least 1, at most <see cref="ClaimBurst"/>), and one claim
    /// comes back every window divided by the burst (never faster than <see cref="ClaimRefillInterval"/>). Default 0.02:
    /// 4 keys of a 200-key pool per minute. Above 1, <see cref="ClaimBurst"/> alone governs.
    /// </summary>
    public double ClaimerShare { get; set; } = 0.02;

    /// <summary>The window of <see cref="ClaimerShare"/>. Default 1 minute.</summary>
    public TimeSpan ClaimerShareWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The fraction of a pool's one-time keys all claimers together may take per <see cref="PoolShareWindow"/>: the
    /// pool's ceiling is this share of the keys it holds at the claim (at least 1, at most <see cref="PoolClaimBurst"/>),
    /// and one claim comes back every window divided by the ceiling (never faster than <see cref="PoolClaimRefillInterval"/>).
    /// Many free accounts together take no more: a pool of 200 loses at most 20 keys at once, then one every 30 s.
    /// Contacts reach the node through secondary keys, which this ceiling does not touch. Default 0.1. Above 1,
    /// <see cref="PoolClaimBurst"/> alone governs.
    /// </summary>
    public double PoolShare { get; set; } = 0.1;

    /// <summary>The window of <see cref="PoolShare"/>. Default 10 minutes.</summary>
    public TimeSpan PoolShareWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Claimers whose limit state one pool keeps (persisted with the pool). Claimers with a full budget are dropped
    /// first; past this many, new claimers are refused until budgets refill. Default 10,000.
    /// </summary>
    public int MaxTrackedClaimers { get; set; } = 10_000;

    /// <summary>A claiming user's budget on a pool of <paramref name="keys"/> one-time keys.</summary>
    internal (int Burst, TimeSpan PerUnit) ClaimerBudget(int keys) => Scaled(keys, ClaimerShare, ClaimBurst, ClaimerShareWindow, ClaimRefillInterval);

    /// <summary>The ceiling of all claimers together on a pool of <paramref name="keys"/> one-time keys.</summary>
    internal (int Burst, TimeSpan PerUnit) PoolBudget(int keys) => Scaled(keys, PoolShare, PoolClaimBurst, PoolShareWindow, PoolClaimRefillInterval);

    private static (int Burst, TimeSpan PerUnit) Scaled(int keys, double share, int maxBurst, TimeSpan window, TimeSpan minPerUnit)
    {
        var burst = (int)Math.Clamp(Math.Floor(keys * share), 1, Math.Max(1, maxBurst));
        var perUnit = window / burst;
        return (burst, perUnit > minPerUnit ? perUnit : minPerUnit);
    }

    /// <inheritdoc/>
    public IEnumerable<string> Validate()
    {
        if (MaxKeys < 1) yield return "MaxKeys must be at least 1.";
        if (LowWaterMark < 0 || LowWaterMark > MaxKeys) yield return "LowWaterMark must be between 0 and MaxKeys.";
        if (ClaimBurst < 1) yield return "ClaimBurst must be at least 1.";
        if (ClaimRefillInterval <= TimeSpan.Zero) yield return "ClaimRefillInterval must be positive.";
        if (PoolClaimBurst < 1) yield return "PoolClaimBurst must be at least 1.";
        if (PoolClaimRefillInterval <= TimeSpan.Zero) yield return "PoolClaimRefillInterval must be positive.";
        if (!(ClaimerShare > 0)) yield return "ClaimerShare must be above 0.";
        if (ClaimerShareWindow <= TimeSpan.Zero) yield return "ClaimerShareWindow must be positive.";
        if (!(PoolShare > 0)) yield return "PoolShare must be above 0.";
        if (PoolShareWindow <= TimeSpan.Zero) yield return "PoolShareWindow must be positive.";
        if (MaxTrackedClaimers < 1) yield return "MaxTrackedClaimers must be at least 1.";
    }
}
