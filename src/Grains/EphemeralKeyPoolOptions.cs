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
    /// Claims one claiming user (all its nodes together) may make on one pool in a burst. Default 20: a stranger with
    /// 64 nodes takes no more than a stranger with one.
    /// </summary>
    public int ClaimBurst { get; set; } = 20;

    /// <summary>One claim of a claiming user is restored per interval (sustained rate). Default 3 seconds (20 per minute).</summary>
    public TimeSpan ClaimRefillInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Claims all claimers together may make on one pool in a burst: the ceiling against many accounts. Default 200.</summary>
    public int PoolClaimBurst { get; set; } = 200;

    /// <summary>One claim of the pool's ceiling is restored per interval. Default 1 second (3,600 per hour).</summary>
    public TimeSpan PoolClaimRefillInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Claimers whose limit state one pool keeps (persisted with the pool). Claimers with a full budget are dropped
    /// first; past this many, new claimers are refused until budgets refill. Default 10,000.
    /// </summary>
    public int MaxTrackedClaimers { get; set; } = 10_000;

    /// <inheritdoc/>
    public IEnumerable<string> Validate()
    {
        if (MaxKeys < 1) yield return "MaxKeys must be at least 1.";
        if (LowWaterMark < 0 || LowWaterMark > MaxKeys) yield return "LowWaterMark must be between 0 and MaxKeys.";
        if (ClaimBurst < 1) yield return "ClaimBurst must be at least 1.";
        if (ClaimRefillInterval <= TimeSpan.Zero) yield return "ClaimRefillInterval must be positive.";
        if (PoolClaimBurst < 1) yield return "PoolClaimBurst must be at least 1.";
        if (PoolClaimRefillInterval <= TimeSpan.Zero) yield return "PoolClaimRefillInterval must be positive.";
        if (MaxTrackedClaimers < 1) yield return "MaxTrackedClaimers must be at least 1.";
    }
}
