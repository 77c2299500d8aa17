using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Encoding;

namespace Wickr.Cluster.Protocol.Recovery;

/// <summary>
/// What the server keeps for a user's recovery: the recovery bundle (root keys under Krbk) and, unless the user chose
/// the hardened mode, Krbk sealed under the user's passphrase. In the hardened mode the user keeps Krbk
/// (see <see cref="RecoveryKeyText"/>) and the server holds no wrapped key at all.
/// </summary>
public sealed class RecoveryBackup
{
    /// <summary>Wraps stored blobs; <paramref name="sealedRecoveryKey"/> is null in the hardened mode.</summary>
    public RecoveryBackup(byte[] bundle, byte[]? sealedRecoveryKey)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.Length == 0 || sealedRecoveryKey is { Length: 0 })
        {
            throw new WickrException(WickrError.InvalidArgument, "a recovery backup's blobs are not empty");
        }

        Bundle = bundle;
        SealedRecoveryKey = sealedRecoveryKey;
    }

    /// <summary>The recovery bundle: a cipher result of the serialized root keys under Krbk.</summary>
    public byte[] Bundle { get; }

    /// <summary>Krbk sealed under the passphrase, or null in the hardened mode.</summary>
    public byte[]? SealedRecoveryKey { get; }

    /// <summary>Whether the user keeps Krbk and the server has no wrapped copy.</summary>
    public bool IsHardened => SealedRecoveryKey is null;

    /// <summary>A backup whose Krbk is sealed under <paramref name="passphrase"/>.</summary>
    public static RecoveryBackup Create(ICryptoSuite suite, RootKeys rootKeys, CipherKey recoveryKey, ReadOnlySpan<char> passphrase, PassphraseKdf kdf = PassphraseKdf.Scrypt17)
    {
        var bundle = RecoveryBundle.Seal(suite, rootKeys, recoveryKey);
        return new RecoveryBackup(bundle, PassphraseExports.SealRecoveryKey(suite, recoveryKey, passphrase, kdf));
    }

    /// <summary>A hardened backup: only the bundle; Krbk stays with the user.</summary>
    public static RecoveryBackup CreateHardened(ICryptoSuite suite, RootKeys rootKeys, CipherKey recoveryKey)
        => new(RecoveryBundle.Seal(suite, rootKeys, recoveryKey), null);

    /// <summary>
    /// Unseals Krbk with the passphrase; the caller owns the key. Throws InvalidState for a hardened backup,
    /// WrongPassphrase for a wrong passphrase, Parse for a malformed blob.
    /// </summary>
    public CipherKey OpenRecoveryKey(ICryptoSuite suite, ReadOnlySpan<char> passphrase)
    {
        if (SealedRecoveryKey is null)
        {
            throw new WickrException(WickrError.InvalidState, "a hardened recovery backup has no passphrase-sealed key: the user holds the recovery key");
        }

        return PassphraseExports.OpenRecoveryKey(suite, SealedRecoveryKey, passphrase);
    }

    /// <summary>Opens the root keys with the passphrase (see <see cref="OpenRecoveryKey"/> for the errors).</summary>
    public RootKeys Open(ICryptoSuite suite, ReadOnlySpan<char> passphrase)
    {
        using var recoveryKey = OpenRecoveryKey(suite, passphrase);
        return Open(suite, recoveryKey);
    }

    /// <summary>
    /// The one blob the server stores for this backup: <c>{ 1 bundle; 2 sealed_recovery_key }</c>, field 2 absent in
    /// the hardened mode. Neither part is secret without the passphrase or Krbk.
    /// </summary>
    public byte[] Encode()
    {
        var writer = new ProtoWriter(Bundle.Length + (SealedRecoveryKey?.Length ?? 0) + 16).WriteBytes(1, Bundle);
        if (SealedRecoveryKey is not null)
        {
            writer.WriteBytes(2, SealedRecoveryKey);
        }

        return writer.ToArray();
    }

    /// <summary>Reads <see cref="Encode"/>'s blob. Throws Parse when the bundle is missing or a field is malformed.</summary>
    public static RecoveryBackup Decode(ReadOnlySpan<byte> encoded)
    {
        byte[]? bundle = null, sealedRecoveryKey = null;
        var reader = new ProtoReader(encoded);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: bundle = reader.ReadBytes().ToArray(); break;
                case 2: sealedRecoveryKey = reader.ReadBytes().ToArray(); break;
                default: reader.Skip(); break;
            }
        }

        if (bundle is not { Length: > 0 } || sealedRecoveryKey is { Length: 0 })
        {
            throw new WickrException(WickrError.Parse, "a stored recovery backup needs a non-empty bundle (and a non-empty sealed key if any)");
        }

        return new RecoveryBackup(bundle, sealedRecoveryKey);
    }

    /// <summary>
    /// Whether a stored blob (<see cref="Encode"/>'s framing, perhaps with an application's fields after field 2) carries
    /// Krbk sealed under a passphrase, read from the framing alone: the parts themselves are ciphertext, so whether
    /// Krbk itself came from a passphrase cannot be seen. Throws Parse (as <see cref="Decode"/>) when it is not that framing.
    /// </summary>
    public static bool CarriesSealedRecoveryKey(ReadOnlySpan<byte> stored) => !Decode(stored).IsHardened;

    /// <summary>Opens the root keys with Krbk itself (the hardened mode, or a key unsealed before). Decrypt when it is the wrong key.</summary>
    public RootKeys Open(ICryptoSuite suite, CipherKey recoveryKey) => RecoveryBundle.Open(suite, Bundle, recoveryKey);
}
