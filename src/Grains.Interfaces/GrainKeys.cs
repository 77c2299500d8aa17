using Wickr.Cluster.Protocol;
namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>
/// Grain keys are identifiers in lowercase hex: a root grain key (the root identifier's) keys the user, sender and
/// request guard grains; a node grain key (the node identifier's) keys the node, ephemeral key pool and auth replay
/// grains. A grain key is a string, never a cryptographic key: "node key" means Kn, the node's signing key.
/// </summary>
public static class GrainKeys
{
    /// <summary>The root grain key of a root identifier (1 to 127 bytes).</summary>
    /// <param name="rootIdentifier">The root identifier.</param>
    /// <exception cref="ClusterException">The identifier is empty or too long.</exception>
    public static string ForRoot(ReadOnlySpan<byte> rootIdentifier)
    {
        if (rootIdentifier.IsEmpty || rootIdentifier.Length > ProtocolSizes.MaxRootIdentifier)
        {
            throw new ClusterException(ClusterErrorCode.InvalidArgument,
                $"A root identifier has 1 to {ProtocolSizes.MaxRootIdentifier} bytes.");
        }

        return Convert.ToHexStringLower(rootIdentifier);
    }

    /// <summary>The node grain key of a node identifier (32 bytes).</summary>
    /// <param name="nodeIdentifier">The node identifier.</param>
    /// <exception cref="ClusterException">The identifier does not have 32 bytes.</exception>
    public static string ForNode(ReadOnlySpan<byte> nodeIdentifier)
    {
        if (nodeIdentifier.Length != ProtocolSizes.NodeIdentifier)
        {
            throw new ClusterException(ClusterErrorCode.InvalidArgument,
                $"A node identifier has {ProtocolSizes.NodeIdentifier} bytes.");
        }

        return Convert.ToHexStringLower(nodeIdentifier);
    }

    /// <summary>True when <paramref name="key"/> is a root grain key: the lowercase hex of a root identifier.</summary>
    /// <param name="key">A grain key.</param>
    public static bool IsRootGrainKey(string? key) =>
        key is not null && key.Length >= 2 && key.Length <= 2 * ProtocolSizes.MaxRootIdentifier && IsLowerHex(key);

    /// <summary>True when <paramref name="key"/> is a node grain key: the lowercase hex of a node identifier.</summary>
    /// <param name="key">A grain key.</param>
    public static bool IsNodeGrainKey(string? key) =>
        key is not null && key.Length == 2 * ProtocolSizes.NodeIdentifier && IsLowerHex(key);

    private static bool IsLowerHex(string key)
    {
        if (key.Length % 2 != 0)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }
}
