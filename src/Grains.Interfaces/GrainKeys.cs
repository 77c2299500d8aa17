using Wickr.Cluster.Protocol;
namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>
/// Grain keys are identifiers in their text form, lowercase hex (<see cref="RootId"/>, <see cref="NodeId"/>): a root grain
/// key (the root identifier's) keys the user, sender and request guard grains; a node grain key (the node identifier's)
/// keys the node, ephemeral key pool and auth replay grains. A grain key is a string, never a cryptographic key: "node
/// key" means Kn, the node's signing key.
/// </summary>
public static class GrainKeys
{
    /// <summary>The root grain key of a root identifier (1 to 127 bytes).</summary>
    /// <param name="rootIdentifier">The root identifier.</param>
    /// <exception cref="ClusterException">The identifier is not a <see cref="RootId"/>.</exception>
    public static string ForRoot(ReadOnlySpan<byte> rootIdentifier) =>
        RootId.Problem(rootIdentifier.Length) is { } problem ? throw Invalid(problem) : Convert.ToHexStringLower(rootIdentifier);

    /// <summary>The node grain key of a node identifier (32 bytes).</summary>
    /// <param name="nodeIdentifier">The node identifier.</param>
    /// <exception cref="ClusterException">The identifier is not a <see cref="NodeId"/>.</exception>
    public static string ForNode(ReadOnlySpan<byte> nodeIdentifier) =>
        NodeId.Problem(nodeIdentifier.Length) is { } problem ? throw Invalid(problem) : Convert.ToHexStringLower(nodeIdentifier);

    /// <summary>True when <paramref name="key"/> is a root grain key: the lowercase hex of a root identifier.</summary>
    /// <param name="key">A grain key.</param>
    public static bool IsRootGrainKey(string? key) => RootId.IsCanonical(key);

    /// <summary>True when <paramref name="key"/> is a node grain key: the lowercase hex of a node identifier.</summary>
    /// <param name="key">A grain key.</param>
    public static bool IsNodeGrainKey(string? key) => NodeId.IsCanonical(key);

    /// <summary>The protocol's phrase for what is wrong (<see cref="NodeId.Problem"/>) as a sentence.</summary>
    private static ClusterException Invalid(string problem) =>
        new(ClusterErrorCode.InvalidArgument, string.Concat(char.ToUpperInvariant(problem[0]).ToString(), problem.AsSpan(1), "."));
}
