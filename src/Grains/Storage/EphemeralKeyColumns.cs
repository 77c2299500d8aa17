using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Grains.Storage;

/// <summary>
/// How a key row's columns hold an <see cref="EphemeralKeyRecord"/>, the same in every SQL backend: the node as its 32
/// identifier bytes (not the 64-character grain key), the key id with its top bit flipped (signed integer columns keep
/// ulong order), the public key in compressed form (68 bytes instead of 134) and the signature as it came. A row keeps
/// a public key whole when compression would not give back the same bytes (a row of an earlier release that is not a
/// curve point); reads accept both forms and return the bytes that were written.
/// </summary>
internal static class EphemeralKeyColumns
{
    /// <summary>The node column of a node grain key.</summary>
    /// <exception cref="ArgumentException"><paramref name="nodeId"/> is not a node grain key (lowercase hex of 32 bytes).</exception>
    public static byte[] Node(string nodeId) => GrainKeys.IsNodeGrainKey(nodeId)
        ? Convert.FromHexString(nodeId)
        : throw new ArgumentException("A key row's node is a node grain key: the lowercase hex of a node identifier.", nameof(nodeId));

    public static long KeyId(ulong keyId) => unchecked((long)(keyId ^ 0x8000_0000_0000_0000UL));

    public static ulong KeyIdFrom(long column) => unchecked((ulong)column) ^ 0x8000_0000_0000_0000UL;

    /// <summary>The stored form of a key that is about to be added: compressed, refused if that would not round-trip.</summary>
    /// <exception cref="ArgumentException">The key is not the pub data of a P-521 point (the gateway refuses such keys).</exception>
    public static byte[] PublicKey(byte[] publicKey) => CompressedPublicKey.TryCompress(publicKey)
        ?? throw new ArgumentException("An ephemeral key to store must be the pub data of a P-521 point.", nameof(publicKey));

    /// <summary>The stored form of a key of an earlier release's row: compressed when that round-trips, else as it was.</summary>
    public static byte[] UpgradedPublicKey(byte[] publicKey) => CompressedPublicKey.TryCompress(publicKey) ?? publicKey;

    /// <summary>The pub data a public key column holds, as it was written.</summary>
    /// <exception cref="InvalidDataException">The column is neither form.</exception>
    public static byte[] PublicKeyFrom(byte[] column) => column.Length == CompressedPublicKey.EncodedSize
        ? CompressedPublicKey.TryDecompress(column) ?? throw new InvalidDataException("A stored ephemeral key names no P-521 point.")
        : column;
}
