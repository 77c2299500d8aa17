using Wickr.Cluster.Contracts;
namespace Wickr.Cluster.Grains;

/// <summary>Limits of a user. Bound from configuration section <c>User</c> by the silo.</summary>
public sealed class UserOptions
{
    /// <summary>Most nodes (devices) one user has. Default <see cref="ProtocolLimits.MaxNodes"/> (64).</summary>
    public int MaxNodes { get; set; } = ProtocolLimits.MaxNodes;

    /// <summary>Largest sealed recovery bundle. Default <see cref="ProtocolLimits.MaxRecoveryBundleBytes"/> (64 KiB).</summary>
    public int MaxRecoveryBundleBytes { get; set; } = ProtocolLimits.MaxRecoveryBundleBytes;

    internal IEnumerable<string> Validate()
    {
        if (MaxNodes < 1) yield return "User:MaxNodes must be at least 1.";
        if (MaxRecoveryBundleBytes < 1) yield return "User:MaxRecoveryBundleBytes must be at least 1.";
    }
}
