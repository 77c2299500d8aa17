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

    /// <inheritdoc/>
    public IEnumerable<string> Validate()
    {
        if (MaxNodes < 1 || MaxNodes > ProtocolLimits.MaxNodes) yield return $"MaxNodes must be 1 to {ProtocolLimits.MaxNodes} (the protocol's limit).";
        if (MaxRecoveryBundleBytes < 1 || MaxRecoveryBundleBytes > ProtocolLimits.MaxRecoveryBundleBytes)
        {
            yield return $"MaxRecoveryBundleBytes must be 1 to {ProtocolLimits.MaxRecoveryBundleBytes} (the protocol's limit).";
        }
    }
}
