using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Protocol;
namespace Wickr.Cluster.Grains;

/// <summary>Argument checks that throw <see cref="ClusterException"/> before anything is changed.</summary>
internal static class Require
{
    public static ClusterException Error(ClusterErrorCode code, string message) => new(code, message);

    public static ClusterException Invalid(string message) => new(ClusterErrorCode.InvalidArgument, message);

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

    public static void RootIdentifier(byte[]? value)
    {
        if (value is null || value.Length == 0 || value.Length > ProtocolSizes.MaxRootIdentifier)
        {
            throw Invalid($"A root identifier has 1 to {ProtocolSizes.MaxRootIdentifier} bytes.");
        }
    }

    public static void Node(NodeRegistration? node)
    {
        if (node is null)
        {
            throw Invalid("A node is required.");
        }

        Bytes(node.NodeId, ProtocolSizes.NodeIdentifier, "A node identifier");
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
