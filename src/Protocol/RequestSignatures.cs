using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Wickr.Cluster.Protocol;

/// <summary>
/// The canonical bytes that authorising signatures of the gateway contract cover (see wickr_cluster.proto): a domain
/// label followed by the request's fields in order, 64-bit times big-endian.
/// </summary>
public static class RequestSignatures
{
    /// <summary>Domain label of the node's answer to an auth challenge.</summary>
    public const string AuthLabel = "wickr-cluster-auth-v1";

    /// <summary>Domain label of a user registration.</summary>
    public const string RegisterUserLabel = "wickr-cluster-register-user-v1";

    /// <summary>Domain label of a node registration.</summary>
    public const string RegisterNodeLabel = "wickr-cluster-register-node-v1";

    /// <summary>Domain label of a node removal.</summary>
    public const string RemoveNodeLabel = "wickr-cluster-remove-node-v1";

    /// <summary>Domain label of storing a recovery bundle.</summary>
    public const string StoreRecoveryBundleLabel = "wickr-cluster-store-recovery-bundle-v1";

    /// <summary>What the node key signs to answer a challenge: label ‖ node id ‖ nonce.</summary>
    public static byte[] Auth(ReadOnlySpan<byte> nodeIdentifier, ReadOnlySpan<byte> nonce)
        => Concat(AuthLabel, nodeIdentifier, nonce);

    /// <summary>What the root key signs to register its user: label ‖ root id ‖ root public key.</summary>
    public static byte[] RegisterUser(ReadOnlySpan<byte> rootIdentifier, ReadOnlySpan<byte> rootPublicKey)
        => Concat(RegisterUserLabel, rootIdentifier, rootPublicKey);

    /// <summary>What the root key signs to add a node: label ‖ root id ‖ node id ‖ PKn ‖ SKr(PKn) ‖ dev_id ‖ issued at.</summary>
    public static byte[] RegisterNode(
        ReadOnlySpan<byte> rootIdentifier, ReadOnlySpan<byte> nodeIdentifier, ReadOnlySpan<byte> nodePublicKey,
        ReadOnlySpan<byte> nodeSignature, ReadOnlySpan<byte> devId, long issuedAtUnixMs)
    {
        Span<byte> issuedAt = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(issuedAt, issuedAtUnixMs);
        return Concat(RegisterNodeLabel, rootIdentifier, nodeIdentifier, nodePublicKey, nodeSignature, devId, issuedAt);
    }

    /// <summary>What the root key signs to remove a node: label ‖ root id ‖ node id ‖ issued at.</summary>
    public static byte[] RemoveNode(ReadOnlySpan<byte> rootIdentifier, ReadOnlySpan<byte> nodeIdentifier, long issuedAtUnixMs)
    {
        Span<byte> issuedAt = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(issuedAt, issuedAtUnixMs);
        return Concat(RemoveNodeLabel, rootIdentifier, nodeIdentifier, issuedAt);
    }

    /// <summary>
    /// What the root key signs to store a recovery bundle: label ‖ root id ‖ SHA-256(bundle) ‖ SHA-256(access key) ‖
    /// issued at. The hash of the access key is the server's verifier, so the signature binds what the server keeps.
    /// </summary>
    public static byte[] StoreRecoveryBundle(
        ReadOnlySpan<byte> rootIdentifier, ReadOnlySpan<byte> bundle, ReadOnlySpan<byte> accessKey, long issuedAtUnixMs)
    {
        Span<byte> issuedAt = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(issuedAt, issuedAtUnixMs);
        return Concat(StoreRecoveryBundleLabel, rootIdentifier, SHA256.HashData(bundle), SHA256.HashData(accessKey), issuedAt);
    }

    private static byte[] Concat(
        string label, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c = default,
        ReadOnlySpan<byte> d = default, ReadOnlySpan<byte> e = default, ReadOnlySpan<byte> f = default)
    {
        var writer = new ArrayBufferWriter<byte>(256);
        writer.Write(System.Text.Encoding.ASCII.GetBytes(label));
        writer.Write(a);
        writer.Write(b);
        writer.Write(c);
        writer.Write(d);
        writer.Write(e);
        writer.Write(f);
        return writer.WrittenSpan.ToArray();
    }
}
