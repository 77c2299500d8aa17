using System.Security.Cryptography;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Grains.Tests.Fixtures;

/// <summary>Well-formed protocol objects with random content: the grains check sizes and formats, not signatures.</summary>
public static class TestData
{
    public static byte[] Bytes(int length) => RandomNumberGenerator.GetBytes(length);

    public static byte[] RootIdentifier() => Bytes(32);

    public static byte[] NodeId() => Bytes(ProtocolSizes.NodeIdentifier);

    public static byte[] PublicKey()
    {
        var key = Bytes(ProtocolSizes.PublicKey);
        key[0] = 0x00;
        key[1] = 0x04;
        return key;
    }

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
