using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Wickr.Cluster.Grains.Storage;

/// <summary>
/// The key a packet body is stored under, once for every mailbox that holds it: the SHA-256 of its bytes, computed by
/// the silo. Never the message id: senders choose ids, and a body found by id could be someone else's.
/// </summary>
internal static class PacketBodyHash
{
    /// <summary>Bytes of a key.</summary>
    public const int Length = SHA256.HashSizeInBytes;

    // A wide send hands one array to every node grain of the silo (the envelope is immutable, so local calls share
    // it): hashed once per array, not once per node. Packets are never changed after they arrive.
    private static readonly ConditionalWeakTable<byte[], byte[]> Hashes = [];

    /// <summary>The SHA-256 of <paramref name="packet"/>.</summary>
    public static byte[] Of(byte[] packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        return Hashes.GetValue(packet, static p => SHA256.HashData(p));
    }
}
