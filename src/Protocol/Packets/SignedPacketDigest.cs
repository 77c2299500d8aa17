using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.Protocol.Packets;

/// <summary>
/// SHA-256 of the part of a packet the sender's node key signs. The version byte and the signature's encoding are
/// left out: neither is covered by the signature, so a relaying server could change them to dodge a digest of the
/// whole packet (an ECDSA signature (r, s) also verifies as (r, n − s)).
/// </summary>
internal static class SignedPacketDigest
{
    public static byte[] Of(ReadOnlySpan<byte> packet)
    {
        if (packet.Length <= PacketFrame.PrefixSize + EcdsaSignature.EncodedSize)
        {
            throw new WickrException(WickrError.Parse, "the packet is too short to carry a signature");
        }
        return SHA256.HashData(packet[PacketFrame.PrefixSize..^EcdsaSignature.EncodedSize]);
    }
}
