using System.Security.Cryptography;

namespace Wickr.Cluster.Protocol.Crypto;

/// <summary>
/// The primitives the protocol is built from, in one place, so another suite (a post-quantum hybrid, say) is a
/// new implementation of this interface rather than a rewrite of packets, identities and recovery.
/// </summary>
public interface ICryptoSuite
{
    /// <summary>A short name for logs and benchmarks.</summary>
    string Name { get; }

    /// <summary>A fresh key pair for identity keys and ephemeral keys.</summary>
    EcKeyPair GenerateKeyPair();

    /// <summary>Reads a public key in its wire encoding.</summary>
    EcPublicKey DecodePublicKey(ReadOnlySpan<byte> encoded);

    /// <summary>Reads a private key in its wire encoding.</summary>
    EcKeyPair ImportPrivateKey(ReadOnlySpan<byte> encoded);

    /// <summary>Signs <paramref name="data"/>; the result is in the wire encoding.</summary>
    byte[] Sign(EcKeyPair key, ReadOnlySpan<byte> data);

    /// <summary>Verifies a signature in the wire encoding; false when it does not verify.</summary>
    bool Verify(EcPublicKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);

    /// <summary>The raw key-agreement secret between <paramref name="mine"/> and <paramref name="theirs"/>. The caller zeroes it.</summary>
    byte[] AgreeSecret(EcKeyPair mine, EcPublicKey theirs);

    /// <summary>HKDF with <paramref name="hash"/>; an empty salt means none.</summary>
    byte[] DeriveKey(HashAlgorithmName hash, ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, int length);

    /// <summary>Encrypts into a cipher result with a fresh IV.</summary>
    byte[] Encrypt(CipherKey key, ReadOnlySpan<byte> plaintext);

    /// <summary>Decrypts a cipher result.</summary>
    byte[] Decrypt(CipherKey key, ReadOnlySpan<byte> cipherResult);

    /// <summary>Derives a key from a passphrase (scrypt).</summary>
    byte[] DerivePassphraseKey(ReadOnlySpan<byte> passphrase, ReadOnlySpan<byte> salt, int n, int r, int p, int length);
}
