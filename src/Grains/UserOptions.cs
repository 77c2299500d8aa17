using Wickr.Cluster.Configuration;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Grains;

/// <summary>Limits of a user. Bound from configuration section <c>Grains:User</c> by the silo.</summary>
public sealed class UserOptions : IValidatableOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Grains:User";

    /// <summary>Most nodes (devices) one user has: 1 to <see cref="ProtocolLimits.MaxNodes"/> (64), the default.</summary>
    public int MaxNodes { get; set; } = ProtocolLimits.MaxNodes;

    /// <summary>
    /// Largest sealed recovery bundle: 1 to <see cref="ProtocolLimits.MaxRecoveryBundleBytes"/> (64 KiB), the default.
    /// The one bundle-size setting: the gateway refuses only what exceeds the protocol's limit.
    /// </summary>
    public int MaxRecoveryBundleBytes { get; set; } = ProtocolLimits.MaxRecoveryBundleBytes;

    /// <summary>
    /// Failed recovery bundle fetches allowed per user within <see cref="RecoveryFetchWindow"/>; then every fetch of
    /// that user is refused until the window ends. Default 10.
    /// </summary>
    public int MaxRecoveryFetchFailures { get; set; } = 10;

    /// <summary>The window of <see cref="MaxRecoveryFetchFailures"/>, from the first failure. Default 1 hour.</summary>
    public TimeSpan RecoveryFetchWindow { get; set; } = TimeSpan.FromHours(1);

    /// <inheritdoc/>
    public IEnumerable<string> Validate()
    {
        if (MaxNodes < 1 || MaxNodes > ProtocolLimits.MaxNodes) yield return $"MaxNodes must be 1 to {ProtocolLimits.MaxNodes} (the protocol's limit).";
        if (MaxRecoveryBundleBytes < 1 || MaxRecoveryBundleBytes > ProtocolLimits.MaxRecoveryBundleBytes)
        {
            yield return $"MaxRecoveryBundleBytes must be 1 to {ProtocolLimits.MaxRecoveryBundleBytes} (the protocol's limit).";
        }
        if (MaxRecoveryFetchFailures < 1) yield return "MaxRecoveryFetchFailures must be at least 1.";
        if (RecoveryFetchWindow <= TimeSpan.Zero) yield return "RecoveryFetchWindow must be positive.";
    }
}
