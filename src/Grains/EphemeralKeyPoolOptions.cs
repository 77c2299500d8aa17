using Wickr.Cluster.Contracts;
namespace Wickr.Cluster.Grains;

/// <summary>Limits of a node's ephemeral key pool. Bound from configuration section <c>EphemeralKeyPool</c> by the silo.</summary>
public sealed class EphemeralKeyPoolOptions
{
    /// <summary>Most one-time keys a pool holds. Default 1,000.</summary>
    public int MaxKeys { get; set; } = 1_000;

    /// <summary>Most keys one upload carries. Default 100.</summary>
    public int MaxUploadBatch { get; set; } = 100;

    /// <summary>Below this many one-time keys the node is told to replenish. Default 100.</summary>
    public int LowWaterMark { get; set; } = 100;

    /// <summary>Claims one claiming node may make on one pool in a burst (token bucket size). Default 20.</summary>
    public int ClaimBurst { get; set; } = 20;

    /// <summary>One claim token is restored per interval (sustained rate). Default 3 seconds (20 per minute).</summary>
    public TimeSpan ClaimRefillInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Claimers tracked per pool before idle (full) buckets are forgotten. Default 10,000.</summary>
    public int MaxTrackedClaimers { get; set; } = 10_000;

    internal IEnumerable<string> Validate()
    {
        if (MaxKeys < 1) yield return "EphemeralKeyPool:MaxKeys must be at least 1.";
        if (MaxUploadBatch < 1) yield return "EphemeralKeyPool:MaxUploadBatch must be at least 1.";
        if (LowWaterMark < 0 || LowWaterMark > MaxKeys) yield return "EphemeralKeyPool:LowWaterMark must be between 0 and MaxKeys.";
        if (ClaimBurst < 1) yield return "EphemeralKeyPool:ClaimBurst must be at least 1.";
        if (ClaimRefillInterval <= TimeSpan.Zero) yield return "EphemeralKeyPool:ClaimRefillInterval must be positive.";
        if (MaxTrackedClaimers < 1) yield return "EphemeralKeyPool:MaxTrackedClaimers must be at least 1.";
    }
}
