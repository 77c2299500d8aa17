using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Protocol.Packets;

/// <summary>The keys of a packet that are derived rather than random: K_header and K_exch.</summary>
internal static class PacketKeys
{
    /// <summary>K_header = SHA-256(IDr_s ‖ IDn_s), used directly as an AES-256-GCM key.</summary>
    public static CipherKey HeaderKey(ReadOnlySpan<byte> senderRootIdentifier, ReadOnlySpan<byte> senderNodeIdentifier)
    {
        Span<byte> input = stackalloc byte[senderRootIdentifier.Length + senderNodeIdentifier.Length];
        senderRootIdentifier.CopyTo(input);
        senderNodeIdentifier.CopyTo(input[senderRootIdentifier.Length..]);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(input, digest);
        return new CipherKey(CipherId.Aes256Gcm, digest);
    }

    /// <summary>
    /// K_exch = HKDF(Z; salt none; info) with SHA-512 for v4 and SHA-256 for v2/v3; info is
    /// <c>sender root pub ‖ receiver root pub ‖ receiver dev_id</c> (v3, v4) or <c>receiver dev_id</c> (v2).
    /// The result keys AES-256-CTR, which wraps the packet key.
    /// </summary>
    public static CipherKey ExchangeKey(
        ICryptoSuite suite, byte version, ReadOnlySpan<byte> sharedSecret, EcPublicKey senderRoot, EcPublicKey receiverRoot, ReadOnlySpan<byte> receiverDevId)
    {
        byte[] info;
        if (version == PacketVersion.V2)
        {
            info = receiverDevId.ToArray();
        }
        else
        {
            info = new byte[(2 * EcPublicKey.EncodedSize) + receiverDevId.Length];
            senderRoot.Encoded.CopyTo(info);
            receiverRoot.Encoded.CopyTo(info.AsSpan(EcPublicKey.EncodedSize));
            receiverDevId.CopyTo(info.AsSpan(2 * EcPublicKey.EncodedSize));
        }

        var hash = version == PacketVersion.V4 ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256;
        var key = suite.DeriveKey(hash, sharedSecret, default, info, CipherKey.KeySize);
        try
        {
            return new CipherKey(CipherId.Aes256Ctr, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
