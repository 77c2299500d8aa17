using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Protocol;
namespace Wickr.Cluster.Grains;

/// <summary>Argument checks that throw <see cref="ClusterException"/> before anything is changed.</summary>
internal static class Require
{
    public static ClusterException Error(ClusterErrorCode code, string message) => new(code, message);

    public static ClusterException Invalid(string message) => new(ClusterErrorCode.InvalidArgument, message);

    /// <summary>One of the protocol's phrases of what is wrong ("a node identifier has 32 bytes, not 31") as a sentence.</summary>
    public static string Sentence(string problem) => string.Concat(char.ToUpperInvariant(problem[0]).ToString(), problem.AsSpan(1), ".");

    public static void Bytes(byte[]? value, int length, string what)
    {
        if (value is null || value.Length != length)
        {
            throw Invalid($"{what} must have {length} bytes.");
        }
    }

    public static void PublicKey(byte[]? value, string what)
    {
        Bytes(value, ProtocolSizes.PublicKey, what);

        // pub data: curve id 0 (P-521), then an uncompressed SEC1 point.
        if (value![0] != 0x00 || value[1] != 0x04)
        {
            throw Invalid($"{what} must be P-521 pub data (curve id 0, uncompressed point).");
        }
    }

    public static void Signature(byte[]? value, string what) => Bytes(value, ProtocolSizes.Signature, what);

    /// <summary>A <see cref="RootId"/>.</summary>
    public static void RootIdentifier(byte[]? value)
    {
        if (RootId.Problem(value?.Length ?? 0) is { } problem)
        {
            throw Invalid(Sentence(problem));
        }
    }

    /// <summary>A <see cref="NodeId"/>; <paramref name="what"/> names its role when it is not just "the node".</summary>
    public static void NodeIdentifier(byte[]? value, string? what = null)
    {
        if (NodeId.Problem(value?.Length ?? 0) is { } problem)
        {
            throw Invalid(what is null ? Sentence(problem) : $"{what}: {problem}.");
        }
    }

    /// <summary>A <see cref="Protocol.MessageId"/>: the one grammar the client and the gateway check too.</summary>
    public static void MessageId(string? value)
    {
        if (Protocol.MessageId.Problem(value) is { } problem)
        {
            throw Invalid(Sentence(problem));
        }
    }

    public static void Node(NodeRegistration? node)
    {
        if (node is null)
        {
            throw Invalid("A node is required.");
        }

        NodeIdentifier(node.NodeId);
        Bytes(node.DevId, ProtocolSizes.DevId, "A dev_id");
        PublicKey(node.NodePublicKey, "A node public key");
        Signature(node.RootSignature, "A node's root signature");
    }

    public static void EphemeralKey(EphemeralKeyRecord? key)
    {
        if (key is null)
        {
            throw Invalid("An ephemeral key is required.");
        }

        PublicKey(key.PublicKey, "An ephemeral public key");
        Signature(key.Signature, "An ephemeral key signature");
    }
}
