using Wickr.Cluster.Grains.Interfaces;
namespace Wickr.Cluster.Grains.Users;

/// <summary>
/// The persisted sealed recovery bundle, apart from the user state so node changes never rewrite it, with the
/// verifier a fetch must match and the count of failed fetches in the current window (persisted, so forcing a
/// deactivation does not reset the limit).
/// </summary>
[Alias("wickr.recovery-state.v1")]
[GenerateSerializer]
internal sealed class RecoveryState
{
    [Id(0)]
    public byte[]? SealedBundle { get; set; }

    /// <summary>SHA-256 of the recovery access key (<see cref="RecoveryAccess.Verifier"/>).</summary>
    [Id(1)]
    public byte[]? AccessVerifier { get; set; }

    /// <summary>Failed fetches since <see cref="FailureWindowStart"/>.</summary>
    [Id(2)]
    public int FailedFetches { get; set; }

    /// <summary>When the first failed fetch of the current window happened.</summary>
    [Id(3)]
    public DateTimeOffset FailureWindowStart { get; set; }
}
