using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Identity;
using Wickr.Cluster.Protocol.Recovery;

namespace Wickr.Cluster.Protocol.Enrollment;

/// <summary>
/// A user after enrollment: the root identity (IDr, PKr), the root keys Kr, Knsr and Krs, and the recovery bundle
/// key Krbk. It enrolls devices and makes the recovery backup. Disposing zeroes every private key.
/// </summary>
public sealed class EnrolledUser : IDisposable
{
    /// <summary>Size of a random root identifier, and of the SHA-256 of a user name.</summary>
    public const int RootIdentifierSize = 32;

    private readonly ICryptoSuite _suite;
    private bool _disposed;

    private EnrolledUser(ICryptoSuite suite, ReadOnlySpan<byte> rootIdentifier, RootKeys rootKeys, CipherKey recoveryBundleKey)
    {
        _suite = suite;
        Root = new RootIdentity(rootIdentifier, rootKeys.NodeSignatureRoot.PublicKey);
        RootKeys = rootKeys;
        RecoveryBundleKey = recoveryBundleKey;
    }

    /// <summary>IDr and PKr, which the server stores and peers pin.</summary>
    public RootIdentity Root { get; }

    /// <summary>Kr, Knsr and Krs: what the recovery bundle carries and device enrollment needs.</summary>
    public RootKeys RootKeys { get; }

    /// <summary>Kr, the root identity key pair.</summary>
    public EcKeyPair RootKey => RootKeys.NodeSignatureRoot;

    /// <summary>Krs, the remote storage root key.</summary>
    public CipherKey RemoteStorageRoot => RootKeys.RemoteStorageRoot;

    /// <summary>Knsr, the node storage root key.</summary>
    public CipherKey NodeStorageRoot => RootKeys.NodeStorageRoot;

    /// <summary>Krbk, the recovery bundle key (AES-256-GCM).</summary>
    public CipherKey RecoveryBundleKey { get; }

    /// <summary>Enrolls a user with a random 32-byte root identifier.</summary>
    public static EnrolledUser Enroll(ICryptoSuite suite)
    {
        Span<byte> identifier = stackalloc byte[RootIdentifierSize];
        RandomNumberGenerator.Fill(identifier);
        return Enroll(suite, identifier);
    }

    /// <summary>Enrolls a user whose root identifier is <see cref="UserNames.RootIdentifier"/> of <paramref name="userName"/> (SHA-256 of the normalised name).</summary>
    public static EnrolledUser Enroll(ICryptoSuite suite, string userName) => Enroll(suite, UserNames.RootIdentifier(userName));

    /// <summary>Enrolls a user with the given root identifier (1 to 127 bytes): fresh Kr, Knsr, Krs and Krbk.</summary>
    public static EnrolledUser Enroll(ICryptoSuite suite, ReadOnlySpan<byte> rootIdentifier)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var rootKeys = RootKeys.Generate(suite);
        return Create(suite, rootIdentifier, rootKeys, CipherKey.Generate(CipherId.Aes256Gcm));
    }

    /// <summary>
    /// Restores a user on a new device from the recovery backup and the passphrase. Throws InvalidState for a
    /// hardened backup, WrongPassphrase for a wrong passphrase, Parse or Decrypt for a damaged backup.
    /// </summary>
    public static EnrolledUser Restore(ICryptoSuite suite, ReadOnlySpan<byte> rootIdentifier, RecoveryBackup backup, ReadOnlySpan<char> passphrase)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(backup);
        var recoveryKey = backup.OpenRecoveryKey(suite, passphrase);
        RootKeys? rootKeys = null;
        try
        {
            rootKeys = backup.Open(suite, recoveryKey);
            return Create(suite, rootIdentifier, rootKeys, recoveryKey);
        }
        catch
        {
            recoveryKey.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Restores a user from the recovery backup and the recovery bundle key the user kept (hardened mode, for
    /// example read with <see cref="RecoveryKeyText.Parse"/>). The key stays the caller's. Decrypt for a wrong key.
    /// </summary>
    public static EnrolledUser Restore(ICryptoSuite suite, ReadOnlySpan<byte> rootIdentifier, RecoveryBackup backup, CipherKey recoveryKey)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(backup);
        ArgumentNullException.ThrowIfNull(recoveryKey);
        var rootKeys = backup.Open(suite, recoveryKey);
        return Create(suite, rootIdentifier, rootKeys, new CipherKey(recoveryKey.Cipher, recoveryKey.Key));
    }

    /// <summary>
    /// A user from root keys and Krbk a device kept (in its encrypted store); takes ownership of both.
    /// </summary>
    public static EnrolledUser FromKeys(ICryptoSuite suite, ReadOnlySpan<byte> rootIdentifier, RootKeys rootKeys, CipherKey recoveryBundleKey)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(rootKeys);
        ArgumentNullException.ThrowIfNull(recoveryBundleKey);
        return Create(suite, rootIdentifier, rootKeys, recoveryBundleKey);
    }

    /// <summary>The backup for the server: the recovery bundle and Krbk sealed under <paramref name="passphrase"/>.</summary>
    public RecoveryBackup CreateRecoveryBackup(ReadOnlySpan<char> passphrase, PassphraseKdf kdf = PassphraseKdf.Scrypt17)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return RecoveryBackup.Create(_suite, RootKeys, RecoveryBundleKey, passphrase, kdf);
    }

    /// <summary>The hardened backup: the recovery bundle alone. Show the user <see cref="FormatRecoveryKey"/> to keep.</summary>
    public RecoveryBackup CreateHardenedRecoveryBackup()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return RecoveryBackup.CreateHardened(_suite, RootKeys, RecoveryBundleKey);
    }

    /// <summary>Krbk as text for the user to keep in the hardened mode.</summary>
    public string FormatRecoveryKey(RecoveryKeyFormat format = RecoveryKeyFormat.Base32)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return RecoveryKeyText.Format(RecoveryBundleKey, format);
    }

    /// <summary>Enrolls a device of this user on the device with <paramref name="systemId"/> (fresh dev_salt).</summary>
    public EnrolledDevice EnrollDevice(ReadOnlySpan<byte> systemId) => EnrollDevice(DeviceIdentifiers.Create(systemId));

    /// <summary>Enrolls a device of this user with the given identifiers.</summary>
    public EnrolledDevice EnrollDevice(DeviceIdentifiers identifiers)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return EnrolledDevice.Enroll(_suite, Root.Identifier, RootKeys, identifiers);
    }

    /// <summary>Zeroes Kr, Knsr, Krs and Krbk.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        RootKeys.Dispose();
        RecoveryBundleKey.Dispose();
    }

    private static EnrolledUser Create(ICryptoSuite suite, ReadOnlySpan<byte> rootIdentifier, RootKeys rootKeys, CipherKey recoveryBundleKey)
    {
        try
        {
            return new EnrolledUser(suite, rootIdentifier, rootKeys, recoveryBundleKey);
        }
        catch
        {
            rootKeys.Dispose();
            recoveryBundleKey.Dispose();
            throw;
        }
    }
}
