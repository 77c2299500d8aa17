using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Protocol.Recovery;

/// <summary>
/// The passphrase-sealed exports of the reference (see <see cref="PassphraseSeal"/> for the framing): the recovery
/// bundle key Krbk, a device's storage keys, and a device's whole context. Opening fails with WrongPassphrase for a
/// wrong passphrase and Parse for a malformed blob, and never returns part of a result.
/// </summary>
public static class PassphraseExports
{
    /// <summary>Seals the 33-byte encoding of the recovery bundle key Krbk.</summary>
    public static byte[] SealRecoveryKey(ICryptoSuite suite, CipherKey recoveryKey, ReadOnlySpan<char> passphrase, PassphraseKdf kdf = PassphraseKdf.Scrypt17)
    {
        ArgumentNullException.ThrowIfNull(recoveryKey);
        return SealEncoded(suite, recoveryKey.Encode(), passphrase, kdf);
    }

    /// <summary>Opens a sealed recovery bundle key.</summary>
    public static CipherKey OpenRecoveryKey(ICryptoSuite suite, ReadOnlySpan<byte> blob, ReadOnlySpan<char> passphrase)
        => OpenDecoded(suite, blob, passphrase, static plain => CipherKey.Decode(plain));

    /// <summary>Seals the <c>storage_keys</c> encoding.</summary>
    public static byte[] SealStorageKeys(ICryptoSuite suite, StorageKeys storageKeys, ReadOnlySpan<char> passphrase, PassphraseKdf kdf = PassphraseKdf.Scrypt17)
    {
        ArgumentNullException.ThrowIfNull(storageKeys);
        return SealEncoded(suite, storageKeys.Encode(), passphrase, kdf);
    }

    /// <summary>Opens sealed storage keys.</summary>
    public static StorageKeys OpenStorageKeys(ICryptoSuite suite, ReadOnlySpan<byte> blob, ReadOnlySpan<char> passphrase)
        => OpenDecoded(suite, blob, passphrase, static plain => StorageKeys.Decode(plain));

    /// <summary>Seals a device context (the reference's "ctx" export).</summary>
    public static byte[] SealContext(ICryptoSuite suite, DeviceContext context, ReadOnlySpan<char> passphrase, PassphraseKdf kdf = PassphraseKdf.Scrypt17)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SealEncoded(suite, context.Encode(), passphrase, kdf);
    }

    /// <summary>Opens a sealed device context; its chain is validated (Signature when the root did not sign the node).</summary>
    public static DeviceContext OpenContext(ICryptoSuite suite, ReadOnlySpan<byte> blob, ReadOnlySpan<char> passphrase)
        => OpenDecoded(suite, blob, passphrase, plain => DeviceContext.Decode(suite, plain));

    private static byte[] SealEncoded(ICryptoSuite suite, byte[] encoded, ReadOnlySpan<char> passphrase, PassphraseKdf kdf)
    {
        try
        {
            return PassphraseSeal.Seal(suite, encoded, passphrase, kdf);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(encoded);
        }
    }

    private static T OpenDecoded<T>(ICryptoSuite suite, ReadOnlySpan<byte> blob, ReadOnlySpan<char> passphrase, Func<byte[], T> decode)
    {
        var plain = PassphraseSeal.Open(suite, blob, passphrase);
        try
        {
            return decode(plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}
