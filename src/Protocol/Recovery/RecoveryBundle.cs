using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Protocol.Recovery;

/// <summary>
/// The Wickr recovery bundle: the serialized <see cref="RootKeys"/> encrypted with AES-256-GCM under the recovery
/// bundle key Krbk, as a cipher result. It is stored on the server; only a holder of Krbk can open it.
/// </summary>
public static class RecoveryBundle
{
    /// <summary>Encrypts <paramref name="rootKeys"/> under <paramref name="recoveryKey"/> (which must be a GCM key).</summary>
    public static byte[] Seal(ICryptoSuite suite, RootKeys rootKeys, CipherKey recoveryKey)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(rootKeys);
        RequireGcm(recoveryKey);
        var serialized = rootKeys.Encode();
        try
        {
            return suite.Encrypt(recoveryKey, serialized);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(serialized);
        }
    }

    /// <summary>
    /// Decrypts a bundle. Throws <see cref="WickrException"/>: Decrypt when <paramref name="recoveryKey"/> is not the
    /// bundle's key or the bundle was altered, Parse when it is malformed.
    /// </summary>
    public static RootKeys Open(ICryptoSuite suite, ReadOnlySpan<byte> bundle, CipherKey recoveryKey)
    {
        ArgumentNullException.ThrowIfNull(suite);
        RequireGcm(recoveryKey);
        var serialized = suite.Decrypt(recoveryKey, bundle);
        try
        {
            return RootKeys.Decode(suite, serialized);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(serialized);
        }
    }

    private static void RequireGcm(CipherKey recoveryKey)
    {
        ArgumentNullException.ThrowIfNull(recoveryKey);
        if (recoveryKey.Cipher != CipherId.Aes256Gcm)
        {
            throw new WickrException(WickrError.InvalidArgument, "the recovery bundle key is an AES-256-GCM key");
        }
    }
}
