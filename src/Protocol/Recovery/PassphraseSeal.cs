using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Protocol.Recovery;

/// <summary>
/// Seals bytes under a passphrase as the reference does: <c>kdf id (1) ‖ salt (16) ‖ cipher result</c>, where the
/// cipher result is AES-256-GCM (no AAD) under the 32-byte scrypt output of the UTF-8 passphrase and the salt.
/// </summary>
public static class PassphraseSeal
{
    /// <summary>Size of the scrypt salt.</summary>
    public const int SaltSize = 16;

    /// <summary>scrypt block size r of every id.</summary>
    public const int ScryptR = 8;

    /// <summary>scrypt parallelism p of every id.</summary>
    public const int ScryptP = 1;

    /// <summary>Size of the smallest blob: id, salt and an empty GCM cipher result.</summary>
    public static readonly int MinimumSize = 1 + SaltSize + SymmetricCipher.ResultSize(CipherId.Aes256Gcm, 0);

    /// <summary>The scrypt cost N of <paramref name="kdf"/>. Throws Parse for an id the format does not define.</summary>
    public static int ScryptN(PassphraseKdf kdf) => kdf switch
    {
        PassphraseKdf.Scrypt17 => 1 << 17,
        PassphraseKdf.Scrypt18 => 1 << 18,
        PassphraseKdf.Scrypt19 => 1 << 19,
        PassphraseKdf.Scrypt20 => 1 << 20,
        _ => throw new WickrException(WickrError.Parse, $"unknown passphrase kdf id {(byte)kdf}"),
    };

    /// <summary>Seals <paramref name="plaintext"/> under <paramref name="passphrase"/> with a fresh salt and IV.</summary>
    public static byte[] Seal(ICryptoSuite suite, ReadOnlySpan<byte> plaintext, ReadOnlySpan<char> passphrase, PassphraseKdf kdf = PassphraseKdf.Scrypt17)
    {
        ArgumentNullException.ThrowIfNull(suite);
        if (passphrase.IsEmpty)
        {
            throw new WickrException(WickrError.InvalidArgument, "the passphrase is empty");
        }

        var n = ScryptN(kdf);
        Span<byte> salt = stackalloc byte[SaltSize];
        RandomNumberGenerator.Fill(salt);
        using var key = DeriveKey(suite, passphrase, salt, n);
        var sealedResult = suite.Encrypt(key, plaintext);
        var blob = new byte[1 + SaltSize + sealedResult.Length];
        blob[0] = (byte)kdf;
        salt.CopyTo(blob.AsSpan(1));
        sealedResult.CopyTo(blob, 1 + SaltSize);
        return blob;
    }

    /// <summary>
    /// Opens a sealed blob; the caller owns (and should zero) the result. Throws <see cref="WickrException"/>:
    /// Parse when the framing is malformed or the kdf id unknown (checked before any key derivation),
    /// WrongPassphrase when the GCM tag does not verify under the derived key.
    /// </summary>
    public static byte[] Open(ICryptoSuite suite, ReadOnlySpan<byte> blob, ReadOnlySpan<char> passphrase)
    {
        ArgumentNullException.ThrowIfNull(suite);
        if (blob.Length < MinimumSize)
        {
            throw new WickrException(WickrError.Parse, $"a passphrase-sealed blob has at least {MinimumSize} bytes, not {blob.Length}");
        }

        var n = ScryptN((PassphraseKdf)blob[0]);
        var cipherResult = blob[(1 + SaltSize)..];
        if (cipherResult[0] != (byte)CipherId.Aes256Gcm)
        {
            throw new WickrException(WickrError.Parse, $"a passphrase-sealed blob is AES-256-GCM, not cipher id {cipherResult[0]}");
        }

        using var key = DeriveKey(suite, passphrase, blob.Slice(1, SaltSize), n);
        try
        {
            return suite.Decrypt(key, cipherResult);
        }
        catch (WickrException ex) when (ex.Error == WickrError.Decrypt)
        {
            throw new WickrException(WickrError.WrongPassphrase, "the passphrase does not open this blob (or the blob was altered)", ex);
        }
    }

    private static CipherKey DeriveKey(ICryptoSuite suite, ReadOnlySpan<char> passphrase, ReadOnlySpan<byte> salt, int n)
    {
        var utf8 = new byte[System.Text.Encoding.UTF8.GetByteCount(passphrase)];
        byte[]? derived = null;
        try
        {
            System.Text.Encoding.UTF8.GetBytes(passphrase, utf8);
            derived = suite.DerivePassphraseKey(utf8, salt, n, ScryptR, ScryptP, CipherKey.KeySize);
            return new CipherKey(CipherId.Aes256Gcm, derived);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8);
            if (derived is not null)
            {
                CryptographicOperations.ZeroMemory(derived);
            }
        }
    }
}
