using System.Security.Cryptography;

namespace Wickr.Cluster.Protocol.Crypto;

/// <summary>
/// The reference implementation's fixed 143-byte ECDSA signature: byte 0 = <c>(curve id &lt;&lt; 4) | digest id</c>,
/// byte 1 = pad length p, p zero bytes, then the DER <c>ECDSA-Sig-Value</c>. Signatures are made with SHA-512.
/// </summary>
public static class EcdsaSignature
{
    /// <summary>Size of the encoding.</summary>
    public const int EncodedSize = ProtocolSizes.Signature;

    /// <summary>Digest id of SHA-512, the one this implementation signs with.</summary>
    public const byte Sha512DigestId = 3;

    /// <summary>Signs <paramref name="data"/> with SHA-512 and returns the 143-byte form.</summary>
    public static byte[] Sign(EcKeyPair key, ReadOnlySpan<byte> data) => Sign(EcBackend.Default, key, data);

    internal static byte[] Sign(EcBackend backend, EcKeyPair key, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(key);
        var der = backend.Sign(key, data);
        var pad = EncodedSize - 2 - der.Length;
        var encoded = new byte[EncodedSize];
        encoded[0] = (EcPublicKey.P521CurveId << 4) | Sha512DigestId;
        encoded[1] = (byte)pad;
        der.CopyTo(encoded, 2 + pad);
        return encoded;
    }

    /// <summary>
    /// Verifies a 143-byte signature. Returns false when it does not verify; throws <see cref="WickrException"/>
    /// (Parse) when the framing is malformed (length, curve, digest id, padding).
    /// </summary>
    public static bool Verify(EcPublicKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
        => Verify(EcBackend.Default, key, data, signature);

    internal static bool Verify(EcBackend backend, EcPublicKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (signature.Length != EncodedSize)
        {
            throw new WickrException(WickrError.Parse, $"a signature has {EncodedSize} bytes, not {signature.Length}");
        }

        if (signature[0] >> 4 != EcPublicKey.P521CurveId)
        {
            throw new WickrException(WickrError.Parse, $"signature for unsupported curve id {signature[0] >> 4}");
        }

        var digest = (signature[0] & 0x0F) switch
        {
            1 => HashAlgorithmName.SHA256,
            2 => HashAlgorithmName.SHA384,
            3 => HashAlgorithmName.SHA512,
            var other => throw new WickrException(WickrError.Parse, $"signature with unsupported digest id {other}"),
        };

        int pad = signature[1];
        if (pad > EncodedSize - 2 - 8 || signature.Slice(2, pad).ContainsAnyExcept((byte)0))
        {
            throw new WickrException(WickrError.Parse, "signature padding is malformed");
        }

        return backend.Verify(key, data, signature[(2 + pad)..], digest);
    }
}
