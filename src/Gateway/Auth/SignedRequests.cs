using System.Buffers;
using System.Buffers.Binary;

namespace Wickr.Cluster.Gateway.Auth;

/// <summary>
/// The canonical bytes that authorising signatures cover, as wickr_cluster.proto specifies them: an ASCII domain label,
/// then the request's fields in order, 64-bit times big-endian.
/// </summary>
internal static class SignedRequests
{
    public static byte[] Auth(ReadOnlySpan<byte> nodeIdentifier, ReadOnlySpan<byte> nonce) =>
        Concat("wickr-cluster-auth-v1"u8, nodeIdentifier, nonce);

    public static byte[] RegisterUser(ReadOnlySpan<byte> rootIdentifier, ReadOnlySpan<byte> rootPublicKey) =>
        Concat("wickr-cluster-register-user-v1"u8, rootIdentifier, rootPublicKey);

    public static byte[] RegisterNode(
        ReadOnlySpan<byte> rootIdentifier, ReadOnlySpan<byte> nodeIdentifier, ReadOnlySpan<byte> nodePublicKey,
        ReadOnlySpan<byte> nodeSignature, ReadOnlySpan<byte> devId, long issuedAtUnixMs)
    {
        Span<byte> issuedAt = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(issuedAt, issuedAtUnixMs);
        return Concat("wickr-cluster-register-node-v1"u8, rootIdentifier, nodeIdentifier, nodePublicKey, nodeSignature, devId, issuedAt);
    }

    public static byte[] RemoveNode(ReadOnlySpan<byte> rootIdentifier, ReadOnlySpan<byte> nodeIdentifier, long issuedAtUnixMs)
    {
        Span<byte> issuedAt = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(issuedAt, issuedAtUnixMs);
        return Concat("wickr-cluster-remove-node-v1"u8, rootIdentifier, nodeIdentifier, issuedAt);
    }

    private static byte[] Concat(
        ReadOnlySpan<byte> label, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c = default,
        ReadOnlySpan<byte> d = default, ReadOnlySpan<byte> e = default, ReadOnlySpan<byte> f = default)
    {
        var writer = new ArrayBufferWriter<byte>(label.Length + a.Length + b.Length + c.Length + d.Length + e.Length + f.Length);
        writer.Write(label);
        writer.Write(a);
        writer.Write(b);
        writer.Write(c);
        writer.Write(d);
        writer.Write(e);
        writer.Write(f);
        return writer.WrittenSpan.ToArray();
    }
}
