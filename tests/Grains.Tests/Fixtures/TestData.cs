using System.Security.Cryptography;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Testing.Protocol;

namespace Wickr.Cluster.Grains.Tests.Fixtures;

/// <summary>
/// Well-formed protocol objects with random content: the grains check sizes and formats, not signatures; public keys
/// are curve points.
/// </summary>
public static class TestData
{
    public static byte[] Bytes(int length) => RandomNumberGenerator.GetBytes(length);

    public static byte[] RootIdentifier() => Bytes(32);

    public static byte[] NodeId() => Bytes(ProtocolSizes.NodeIdentifier);

    /// <summary>The pub data of a random P-521 point (the key stores keep only points, compressed).</summary>
    public static byte[] PublicKey() => TestPoints.PublicKey();

    public static byte[] Signature()
    {
        var signature = Bytes(ProtocolSizes.Signature);
        signature[0] = 0x03;
        return signature;
    }

    public static NodeRegistration Node() => new(NodeId(), Bytes(ProtocolSizes.DevId), PublicKey(), Signature());

    public static EphemeralKeyRecord EphemeralKey(ulong id) => new(id, PublicKey(), Signature());

    public static EphemeralKeyRecord[] EphemeralKeys(ulong firstId, int count) =>
        [.. Enumerable.Range(0, count).Select(i => EphemeralKey(firstId + (ulong)i))];

    public static byte[] Packet(int length = 200) => Bytes(length);
}
