using System.Security.Cryptography;

namespace Wickr.Cluster.ClientLib.Crypto;

/// <summary>
/// The suite of the reference implementation: P-521 ECDH and ECDSA (SHA-512), AES-256-GCM and AES-256-CTR,
/// HKDF-SHA2 and scrypt. Backends are chosen per primitive by measurement (see bench/): .NET's own
/// <c>System.Security.Cryptography</c> for EC, AES and HKDF, BouncyCastle for scrypt, which .NET lacks.
/// </summary>
public sealed class P521Suite : ICryptoSuite
{
    /// <summary>The one instance; the suite holds no state.</summary>
    public static P521Suite Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "P521-AES256-SHA512";

    /// <inheritdoc />
    public EcKeyPair GenerateKeyPair() => EcKeyPair.Generate();

    /// <inheritdoc />
    public EcPublicKey DecodePublicKey(ReadOnlySpan<byte> encoded) => EcPublicKey.Decode(encoded);

    /// <inheritdoc />
    public EcKeyPair ImportPrivateKey(ReadOnlySpan<byte> encoded) => EcKeyPair.ImportDer(encoded);

    /// <inheritdoc />
    public byte[] Sign(EcKeyPair key, ReadOnlySpan<byte> data) => EcdsaSignature.Sign(key, data);

    /// <inheritdoc />
    public bool Verify(EcPublicKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) => EcdsaSignature.Verify(key, data, signature);

    /// <inheritdoc />
    public byte[] AgreeSecret(EcKeyPair mine, EcPublicKey theirs)
    {
        try
        {
            return mine.Exchanger.DeriveRawSecretAgreement(theirs.ExchangeKey);
        }
        catch (CryptographicException ex)
        {
            throw new WickrException(WickrError.Decrypt, "key agreement failed", ex);
        }
    }

    /// <inheritdoc />
    public byte[] DeriveKey(HashAlgorithmName hash, ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, int length)
        => Kdf.Hkdf(hash, ikm, salt, info, length);

    /// <inheritdoc />
    public byte[] Encrypt(CipherKey key, ReadOnlySpan<byte> plaintext) => SymmetricCipher.Encrypt(key, plaintext);

    /// <inheritdoc />
    public byte[] Decrypt(CipherKey key, ReadOnlySpan<byte> cipherResult) => SymmetricCipher.Decrypt(key, cipherResult);

    /// <inheritdoc />
    public byte[] DerivePassphraseKey(ReadOnlySpan<byte> passphrase, ReadOnlySpan<byte> salt, int n, int r, int p, int length)
        => Kdf.Scrypt(passphrase, salt, n, r, p, length);
}
