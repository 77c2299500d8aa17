namespace Wickr.Cluster.Protocol;

/// <summary>
/// Fixed sizes of the protocol's public objects (see wire-format.md), checked on every call. The one place each is
/// written: the types that carry these objects (<see cref="NodeId"/>, <see cref="RootId"/>, the crypto and identity
/// types) and every layer's checks read them from here.
/// </summary>
public static class ProtocolSizes
{
    /// <summary>A node identifier (<see cref="NodeId"/>): 32 random bytes.</summary>
    public const int NodeIdentifier = 32;

    /// <summary>A node's <c>msg_proto_id</c> (its <c>dev_id</c>, published as <c>Node.devid</c>), which enters the key-exchange KDF info: 32 bytes.</summary>
    public const int DevId = 32;

    /// <summary>An EC public key as pub data: curve id ‖ SEC1 uncompressed P-521 point.</summary>
    public const int PublicKey = 134;

    /// <summary>An ECDSA signature in the fixed padded format.</summary>
    public const int Signature = 143;

    /// <summary>The longest root (user) identifier (<see cref="RootId"/>); the shortest has 1 byte.</summary>
    public const int MaxRootIdentifier = 127;
}
