namespace Wickr.Cluster.Protocol;

/// <summary>Fixed sizes of the protocol's public objects (see wire-format.md), checked on every call.</summary>
public static class ProtocolSizes
{
    /// <summary>A node identifier: 32 random bytes.</summary>
    public const int NodeIdentifier = 32;

    /// <summary>A node's dev_id (msg_proto_id), which enters the key-exchange KDF info.</summary>
    public const int DevId = 32;

    /// <summary>An EC public key as pub data: curve id ‖ SEC1 uncompressed P-521 point.</summary>
    public const int PublicKey = 134;

    /// <summary>An ECDSA signature in the fixed padded format.</summary>
    public const int Signature = 143;

    /// <summary>The longest root (user) identifier.</summary>
    public const int MaxRootIdentifier = 127;
}
