using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Protocol.Recovery;

/// <summary>
/// The recovery access key: 32 bytes a client presents to fetch its user's recovery bundle, so the server hands the
/// bundle (and the passphrase-sealed Krbk in it) only to someone who knows the passphrase, or Krbk itself in the
/// hardened mode. The server keeps only a hash of it. It is derived with its own scrypt (salt from the root
/// identifier, not the random salt of the Krbk seal) and its own HKDF labels, so it is never the key that seals Krbk
/// and knowing it does not open the bundle.
/// </summary>
public static class RecoveryAccessKey
{
    /// <summary>Size of an access key.</summary>
    public const int Size = 32;

    private static readonly byte[] SaltLabel = "wickr-cluster recovery access salt v1"u8.ToArray();
    private static readonly byte[] PassphraseLabel = "wickr-cluster recovery access key v1: passphrase"u8.ToArray();
    private static readonly byte[] RecoveryKeyLabel = "wickr-cluster recovery access key v1: Krbk"u8.ToArray();

    /// <summary>
    /// The access key of a passphrase-mode backup: HKDF-SHA-256(scrypt(passphrase, SHA-256(label ‖ IDr), N of
    /// <paramref name="kdf"/>, r 8, p 1), salt IDr, info "…: passphrase"). The fetch must use the same
    /// <paramref name="kdf"/> as the store. The caller owns (and should zero) the result.
    /// </summary>
    public static byte[] FromPassphrase(ICryptoSuite suite, ReadOnlySpan<byte> rootIdentifier, ReadOnlySpan<char> passphrase, PassphraseKdf kdf = PassphraseKdf.Scrypt17)
    {
        ArgumentNullException.ThrowIfNull(suite);
        RequireRoot(rootIdentifier);
        if (passphrase.IsEmpty)
        {
            throw new WickrException(WickrError.InvalidArgument, "the passphrase is empty");
        }

        var n = PassphraseSeal.ScryptN(kdf);
        var saltInput = new byte[SaltLabel.Length + rootIdentifier.Length];
        SaltLabel.CopyTo(saltInput, 0);
        rootIdentifier.CopyTo(saltInput.AsSpan(SaltLabel.Length));
        var salt = SHA256.HashData(saltInput);
        var utf8 = new byte[System.Text.Encoding.UTF8.GetByteCount(passphrase)];
        byte[]? stretched = null;
        try
        {
            System.Text.Encoding.UTF8.GetBytes(passphrase, utf8);
            stretched = suite.DerivePassphraseKey(utf8, salt, n, PassphraseSeal.ScryptR, PassphraseSeal.ScryptP, Size);
            return Kdf.Hkdf(HashAlgorithmName.SHA256, stretched, rootIdentifier, PassphraseLabel, Size);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8);
            if (stretched is not null)
            {
                CryptographicOperations.ZeroMemory(stretched);
            }
        }
    }

    /// <summary>
    /// The access key of a hardened backup, from the Krbk the user kept: HKDF-SHA-256(Krbk, salt IDr, info "…: Krbk").
    /// The caller owns (and should zero) the result.
    /// </summary>
    public static byte[] FromRecoveryKey(ReadOnlySpan<byte> rootIdentifier, CipherKey recoveryKey)
    {
        ArgumentNullException.ThrowIfNull(recoveryKey);
        RequireRoot(rootIdentifier);
        return Kdf.Hkdf(HashAlgorithmName.SHA256, recoveryKey.Key, rootIdentifier, RecoveryKeyLabel, Size);
    }

    private static void RequireRoot(ReadOnlySpan<byte> rootIdentifier)
    {
        if (rootIdentifier.IsEmpty)
        {
            throw new WickrException(WickrError.InvalidArgument, "the root identifier is empty");
        }
    }
}
