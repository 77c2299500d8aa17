using System.Collections.Concurrent;
using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.EndToEnd.Tests.Harness;

/// <summary>
/// The test's record of every secret its clients made or used: the reference suite, wrapped so that each private key
/// generated or imported (DER and raw scalar), each symmetric key used to encrypt or decrypt (packet keys, exchange
/// keys, header keys), each key-agreement secret and each derived key is kept here. Message bodies and storage keys are
/// added by the scenarios. The storage scan searches for all of them.
/// </summary>
internal sealed class KeyRecorder : ICryptoSuite
{
    private readonly ICryptoSuite _inner = P521Suite.Instance;
    private readonly ConcurrentDictionary<string, Secret> _secrets = new(StringComparer.Ordinal);

    public string Name => _inner.Name;

    public IReadOnlyCollection<Secret> Secrets => [.. _secrets.Values];

    public int Count(string kind) => _secrets.Values.Count(s => s.Kind == kind);

    public void Record(string kind, ReadOnlySpan<byte> value)
    {
        if (value.Length >= 16)
        {
            var bytes = value.ToArray();
            _secrets.TryAdd(kind + ":" + Convert.ToHexString(bytes), new Secret(kind, bytes));
        }
    }

    public void RecordPrivateKey(string kind, EcKeyPair key)
    {
        var der = key.ExportDer();
        Record(kind + " DER", der);
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportECPrivateKey(der, out _);
        var scalar = ecdsa.ExportParameters(includePrivateParameters: true).D!;
        Record(kind + " scalar", scalar);
        CryptographicOperations.ZeroMemory(der);
    }

    public EcKeyPair GenerateKeyPair()
    {
        var key = _inner.GenerateKeyPair();
        RecordPrivateKey("private key", key);
        return key;
    }

    public EcPublicKey DecodePublicKey(ReadOnlySpan<byte> encoded) => _inner.DecodePublicKey(encoded);

    public EcKeyPair ImportPrivateKey(ReadOnlySpan<byte> encoded)
    {
        var key = _inner.ImportPrivateKey(encoded);
        RecordPrivateKey("private key", key);
        return key;
    }

    public byte[] Sign(EcKeyPair key, ReadOnlySpan<byte> data) => _inner.Sign(key, data);

    public bool Verify(EcPublicKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) => _inner.Verify(key, data, signature);

    public byte[] AgreeSecret(EcKeyPair mine, EcPublicKey theirs)
    {
        var secret = _inner.AgreeSecret(mine, theirs);
        Record("key agreement secret", secret);
        return secret;
    }

    public byte[] DeriveKey(HashAlgorithmName hash, ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, int length)
    {
        var key = _inner.DeriveKey(hash, ikm, salt, info, length);
        Record("derived key", key);
        return key;
    }

    public byte[] Encrypt(CipherKey key, ReadOnlySpan<byte> plaintext)
    {
        Record($"{key.Cipher} key", key.Key);
        return _inner.Encrypt(key, plaintext);
    }

    public byte[] Decrypt(CipherKey key, ReadOnlySpan<byte> cipherResult)
    {
        Record($"{key.Cipher} key", key.Key);
        return _inner.Decrypt(key, cipherResult);
    }

    public byte[] DerivePassphraseKey(ReadOnlySpan<byte> passphrase, ReadOnlySpan<byte> salt, int n, int r, int p, int length)
    {
        var key = _inner.DerivePassphraseKey(passphrase, salt, n, r, p, length);
        Record("passphrase key", key);
        return key;
    }

    /// <summary>One recorded secret.</summary>
    internal sealed record Secret(string Kind, byte[] Value);
}
