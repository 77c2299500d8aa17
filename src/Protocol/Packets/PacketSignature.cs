using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Protocol.Packets;

/// <summary>
/// What a server can check of a packet without any key to open it: the framing and the sender's node-key signature
/// over the encrypted body.
/// </summary>
public static class PacketSignature
{
    /// <summary>
    /// Checks that <paramref name="packet"/> is a framed packet (v2 to v4) signed by <paramref name="senderNodeKey"/>.
    /// Throws <see cref="WickrException"/>: Parse for bad framing, Signature when the signature does not verify.
    /// </summary>
    /// <param name="packet">The packet exactly as it was sent.</param>
    /// <param name="senderNodeKey">The sending node's public key.</param>
    /// <param name="suite">The crypto suite; <see cref="P521Suite.Instance"/> when null.</param>
    public static void Verify(ReadOnlySpan<byte> packet, EcPublicKey senderNodeKey, ICryptoSuite? suite = null)
    {
        ArgumentNullException.ThrowIfNull(senderNodeKey);
        _ = PacketFrame.Open(suite ?? P521Suite.Instance, packet, senderNodeKey);
    }
}
