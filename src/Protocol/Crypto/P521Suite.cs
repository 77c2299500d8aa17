using System.Security.Cryptography;

namespace Wickr.Cluster.Protocol.Crypto;

/// <summary>
/// The suite of the reference implementation: P-521 ECDH and ECDSA (SHA-512), AES-256-GCM and AES-256-CTR,
/// HKDF-SHA2 and scrypt. Backends are chosen per primitive by measurement (see bench/ClientLib.Bench): for P-521, the
/// system's OpenSSL 3 called directly where it loads (Linux), .NET's own <c>System.Security.Cryptography</c> elsewhere
/// (<c>WICKR_CRYPTO_BACKEND=managed</c> forces it); .NET for AES and HKDF; BouncyCastle for scrypt, which .NET lacks.
/// </summary>
public sealed class P521Suite : ICryptoSuite
{
    private readonly EcBackend? _backend;

    /// <summary>A suite on the process's P-521 backend (see <see cref="Backend"/>).</summary>
    public P521Suite()
    {
    }

    internal P521Suite(EcBackend backend) => _backend = backend;

    /// <summary>The one instance; the suite holds no state.</summary>
    public static P521Suite Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "P521-AES256-SHA512";

    /// <summary>Where the P-521 operations run: "openssl" (libcrypto, Linux) or "managed" (.NET).</summary>
    public string Backend => Ec.Name;

    private EcBackend Ec => _backend ?? EcBackend.Default;

    /// <inheritdoc />
    public EcKeyPair GenerateKeyPair() => Ec.Generate();

    /// <inheritdoc />
    public EcPublicKey DecodePublicKey(ReadOnlySpan<byte> encoded)
    {
        var key = EcPublicKey.DecodeUnchecked(encoded);
        Ec.Validate(key);
        return key;
    }

    /// <inheritdoc />
    public EcKeyPair ImportPrivateKey(ReadOnlySpan<byte> encoded) => EcKeyPair.ImportDer(encoded);

    /// <inheritdoc />
    public byte[] Sign(EcKeyPair key, ReadOnlySpan<byte> data) => EcdsaSignature.Sign(Ec, key, data);

    /// <inheritdoc />
    public bool Verify(EcPublicKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) => EcdsaSignature.Verify(Ec, key, data, signature);

    /// <inheritdoc />
    public byte[] AgreeSecret(EcKeyPair mine, EcPublicKey theirs)
    {
        ArgumentNullException.ThrowIfNull(mine);
        ArgumentNullException.ThrowIfNull(theirs);
        return Ec.Agree(mine, theirs);
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
