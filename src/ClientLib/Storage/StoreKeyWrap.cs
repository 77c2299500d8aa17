using System.Security.Cryptography;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Recovery;

namespace Wickr.Cluster.ClientLib.Storage;

/// <summary>
/// Klds wrapped under the passphrase (the paper's login): <c>version (1) ‖ log2 N (1) ‖ salt (16) ‖ cipher result</c>,
/// where the cipher result is AES-256-GCM under scrypt(passphrase, salt, N, r = 8, p = 1) as in
/// <see cref="PassphraseSeal"/>. The cost is written into the header, so a store made with a lower cost for tests
/// opens the same way; the default is the reference's 2^17.
/// </summary>
public static class StoreKeyWrap
{
    /// <summary>The format version written and read.</summary>
    public const byte Version = 1;

    /// <summary>The reference's scrypt cost (N = 2^17, <see cref="PassphraseKdf.Scrypt17"/>).</summary>
    public const int DefaultLog2N = 17;

    /// <summary>The lowest cost accepted (tests only; a real store uses the default).</summary>
    public const int MinimumLog2N = 10;

    /// <summary>The highest cost accepted (N = 2^20, 1 GiB, <see cref="PassphraseKdf.Scrypt20"/>).</summary>
    public const int MaximumLog2N = 20;

    /// <summary>Wraps <paramref name="klds"/> under <paramref name="passphrase"/> with a fresh salt.</summary>
    public static byte[] Wrap(ICryptoSuite suite, CipherKey klds, ReadOnlySpan<char> passphrase, int log2N = DefaultLog2N)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(klds);
        if (passphrase.IsEmpty)
        {
            throw new WickrException(WickrError.InvalidArgument, "the passphrase is empty");
        }
        CheckCost(log2N);
        Span<byte> salt = stackalloc byte[PassphraseSeal.SaltSize];
        RandomNumberGenerator.Fill(salt);
        var encoded = klds.Encode();
        try
        {
            using var key = Derive(suite, passphrase, salt, log2N);
            var sealedResult = suite.Encrypt(key, encoded);
            var blob = new byte[2 + salt.Length + sealedResult.Length];
            blob[0] = Version;
            blob[1] = (byte)log2N;
            salt.CopyTo(blob.AsSpan(2));
            sealedResult.CopyTo(blob, 2 + salt.Length);
            return blob;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(encoded);
        }
    }

    /// <summary>
    /// Unwraps Klds; the caller owns the key. Parse for a malformed header (checked before any derivation),
    /// WrongPassphrase when the passphrase does not open it.
    /// </summary>
    public static CipherKey Unwrap(ICryptoSuite suite, ReadOnlySpan<byte> blob, ReadOnlySpan<char> passphrase)
    {
        ArgumentNullException.ThrowIfNull(suite);
        if (blob.Length < 2 + PassphraseSeal.SaltSize + 1 || blob[0] != Version)
        {
            throw new WickrException(WickrError.Parse, "the store's wrapped key has an unknown format");
        }
        CheckCost(blob[1]);
        using var key = Derive(suite, passphrase, blob.Slice(2, PassphraseSeal.SaltSize), blob[1]);
        byte[] encoded;
        try
        {
            encoded = suite.Decrypt(key, blob[(2 + PassphraseSeal.SaltSize)..]);
        }
        catch (WickrException ex) when (ex.Error == WickrError.Decrypt)
        {
            throw new WickrException(WickrError.WrongPassphrase, "the passphrase does not open this device store", ex);
        }
        try
        {
            return CipherKey.Decode(encoded);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(encoded);
        }
    }

    private static void CheckCost(int log2N)
    {
        if (log2N is < MinimumLog2N or > MaximumLog2N)
        {
            throw new WickrException(WickrError.InvalidArgument, $"the scrypt cost log2 N is {MinimumLog2N} to {MaximumLog2N}, not {log2N}");
        }
    }

    private static CipherKey Derive(ICryptoSuite suite, ReadOnlySpan<char> passphrase, ReadOnlySpan<byte> salt, int log2N)
    {
        var utf8 = new byte[System.Text.Encoding.UTF8.GetByteCount(passphrase)];
        byte[]? derived = null;
        try
        {
            System.Text.Encoding.UTF8.GetBytes(passphrase, utf8);
            derived = suite.DerivePassphraseKey(utf8, salt, 1 << log2N, PassphraseSeal.ScryptR, PassphraseSeal.ScryptP, CipherKey.KeySize);
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
