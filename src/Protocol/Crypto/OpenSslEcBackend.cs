using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto.Native;

namespace Wickr.Cluster.Protocol.Crypto;

/// <summary>P-521 on the system's OpenSSL 3 through <see cref="OpenSslP521"/>; the parsed keys live on the key objects.</summary>
internal sealed class OpenSslEcBackend : EcBackend
{
    private OpenSslEcBackend()
    {
    }

    /// <summary>The one instance; only handed out when the library is usable.</summary>
    public static OpenSslEcBackend Instance { get; } = new();

    /// <inheritdoc />
    public override string Name => "openssl";

    /// <inheritdoc />
    public override EcKeyPair Generate()
    {
        var scalar = new byte[EcPublicKey.CoordinateSize];
        var encoded = new byte[EcPublicKey.EncodedSize];
        encoded[0] = EcPublicKey.P521CurveId;
        try
        {
            var key = OpenSslP521.Generate(scalar, encoded.AsSpan(1));
            return EcKeyPair.FromNative(scalar, EcPublicKey.FromTrusted(encoded), key);
        }
        catch
        {
            CryptographicOperations.ZeroMemory(scalar);
            throw;
        }
    }

    /// <inheritdoc />
    public override void Validate(EcPublicKey key) => _ = key.NativeKey;

    /// <inheritdoc />
    public override byte[] Sign(EcKeyPair key, ReadOnlySpan<byte> data) => OpenSslP521.Sign(key.NativeKey, data);

    /// <inheritdoc />
    public override bool Verify(EcPublicKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> derSignature, HashAlgorithmName hash)
        => OpenSslP521.Verify(key.NativeKey, data, derSignature, hash);

    /// <inheritdoc />
    public override byte[] Agree(EcKeyPair mine, EcPublicKey theirs)
    {
        var secret = new byte[EcPublicKey.CoordinateSize];
        try
        {
            OpenSslP521.Derive(mine.NativeKey, theirs.NativeKey, secret);
            return secret;
        }
        catch (CryptographicException ex)
        {
            throw new WickrException(WickrError.Decrypt, "key agreement failed", ex);
        }
    }
}
