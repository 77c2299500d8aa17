using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.EphemeralKeys;
using Wickr.Cluster.Protocol.Identity;
using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.Protocol.Packets;

/// <summary>
/// Opens v2, v3 and v4 packets (the paper's "Receiving a Message"). Any failure ends in one
/// <see cref="WickrException"/> whose <see cref="WickrException.Error"/> names the step; nothing is returned
/// and no key is deleted unless the whole packet decrypted.
/// </summary>
public sealed class PacketDecoder(ICryptoSuite suite)
{
    /// <summary>A decoder on the reference suite.</summary>
    public PacketDecoder()
        : this(P521Suite.Instance)
    {
    }

    /// <summary>
    /// Verifies and decrypts <paramref name="packet"/> sent by the node of <paramref name="senderChain"/> to
    /// <paramref name="me"/>. The sender's chain is validated (root signed node); when <paramref name="trustStore"/>
    /// is given, the sender's root is compared with (or, first time, pinned as) the root of that user. On success
    /// the ephemeral key used is marked used in <paramref name="privateKeys"/> (deleted, unless last-resort).
    /// </summary>
    public DecodedPacket Decode(
        ReadOnlySpan<byte> packet, IdentityChain senderChain, LocalNode me, IEphemeralPrivateKeys privateKeys, TrustStore? trustStore = null)
    {
        ArgumentNullException.ThrowIfNull(senderChain);
        ArgumentNullException.ThrowIfNull(me);
        ArgumentNullException.ThrowIfNull(privateKeys);

        senderChain.Validate(suite);
        var (version, encryptedHeader, encryptedPayload) = PacketFrame.Open(suite, packet, senderChain.Node.PublicKey);

        byte[] header;
        using (var headerKey = PacketKeys.HeaderKey(senderChain.Root.Identifier, senderChain.Node.Identifier))
        {
            header = suite.Decrypt(headerKey, encryptedHeader);
        }

        var (senderEphemeralEncoded, mine) = KeyExchangeSet.Find(header, me.Chain.Node.Identifier);
        if (mine is not { } exchange)
        {
            throw new WickrException(WickrError.NotRecipient, "the packet carries no key exchange for this node");
        }

        var ephemeral = privateKeys.Find(exchange.KeyId)
            ?? throw new WickrException(WickrError.UnknownKeyId, $"ephemeral key {exchange.KeyId} is unknown or already used");
        using var senderEphemeral = EcPublicKey.Decode(senderEphemeralEncoded);

        var message = Unwrap(version, exchange, ephemeral, senderEphemeral, senderChain, me, encryptedPayload);
        var pin = trustStore?.Check(senderChain.Root) ?? PinStatus.NotChecked;
        privateKeys.MarkUsed(exchange.KeyId);
        return new DecodedPacket(version, message, senderChain, exchange.KeyId, pin);
    }

    private PlainMessage Unwrap(
        byte version, KeyExchangeEntry exchange, EcKeyPair ephemeral, EcPublicKey senderEphemeral, IdentityChain senderChain, LocalNode me, byte[] encryptedPayload)
    {
        var secret = suite.AgreeSecret(ephemeral, senderEphemeral);
        byte[] wrapped;
        try
        {
            using var exchangeKey = PacketKeys.ExchangeKey(suite, version, secret, senderChain.Root.PublicKey, me.Chain.Root.PublicKey, me.DevId);
            wrapped = suite.Decrypt(exchangeKey, exchange.ExchangeData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }

        try
        {
            // CTR has no tag: a wrong key (wrong version, wrong recipient) shows as a malformed packet key here,
            // or at the latest as a GCM failure on the payload.
            if (wrapped.Length != CipherKey.EncodedSize || wrapped[0] != (byte)CipherId.Aes256Gcm)
            {
                throw new WickrException(WickrError.Decrypt, "the unwrapped packet key is not an AES-256-GCM key");
            }

            using var packetKey = CipherKey.Decode(wrapped);
            var payload = suite.Decrypt(packetKey, encryptedPayload);
            try
            {
                return PayloadCodec.Decode(payload);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(payload);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrapped);
        }
    }
}
