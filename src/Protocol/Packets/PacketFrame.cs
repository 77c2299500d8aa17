using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Encoding;

namespace Wickr.Cluster.Protocol.Packets;

/// <summary>
/// The outer frame: <c>version(1) ‖ curve id(1) ‖ packet { 1 enc_header; 2 enc_payload } ‖ signature(143)</c>, the
/// signature by the sender's node key over the protobuf bytes. The version byte is not signed (a quirk of the
/// reference), which is why a changed version must and does fail later, at decryption.
/// </summary>
internal static class PacketFrame
{
    internal const int PrefixSize = 2;

    public static byte[] Sign(ICryptoSuite suite, byte version, byte[] encryptedHeader, byte[] encryptedPayload, EcKeyPair nodeKey)
    {
        var body = new ProtoWriter(encryptedHeader.Length + encryptedPayload.Length + 16)
            .WriteBytes(1, encryptedHeader)
            .WriteBytes(2, encryptedPayload);
        var signature = suite.Sign(nodeKey, body.WrittenSpan);
        var packet = new byte[PrefixSize + body.Length + signature.Length];
        packet[0] = version;
        packet[1] = EcPublicKey.P521CurveId;
        body.WrittenSpan.CopyTo(packet.AsSpan(PrefixSize));
        signature.CopyTo(packet, PrefixSize + body.Length);
        return packet;
    }

    /// <summary>Reads version and framing and verifies the signature; returns the version and the two ciphertexts.</summary>
    public static (byte Version, byte[] EncryptedHeader, byte[] EncryptedPayload) Open(ICryptoSuite suite, ReadOnlySpan<byte> packet, EcPublicKey senderNodeKey)
    {
        if (packet.Length <= PrefixSize + EcdsaSignature.EncodedSize)
        {
            throw new WickrException(WickrError.Parse, $"a packet of {packet.Length} bytes is too short");
        }

        var version = packet[0];
        if (version is < PacketVersion.V2 or > PacketVersion.V4)
        {
            throw new WickrException(WickrError.Parse, $"unsupported packet version {version}");
        }

        // A v2 reader looks at the low nibble of the curve byte only.
        var curve = version == PacketVersion.V2 ? packet[1] & 0x0F : packet[1];
        if (curve != EcPublicKey.P521CurveId)
        {
            throw new WickrException(WickrError.Parse, $"unsupported signature curve id {packet[1]}");
        }

        var body = packet[PrefixSize..^EcdsaSignature.EncodedSize];
        var signature = packet[^EcdsaSignature.EncodedSize..];
        if (!suite.Verify(senderNodeKey, body, signature))
        {
            throw new WickrException(WickrError.Signature, "the packet signature does not verify with the sender's node key");
        }

        byte[]? header = null, payload = null;
        var reader = new ProtoReader(body);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: header = reader.ReadBytes().ToArray(); break;
                case 2: payload = reader.ReadBytes().ToArray(); break;
                default: reader.Skip(); break;
            }
        }

        if (header is null || payload is null)
        {
            throw new WickrException(WickrError.Parse, "the packet lacks its encrypted header or payload");
        }

        return (version, header, payload);
    }
}
