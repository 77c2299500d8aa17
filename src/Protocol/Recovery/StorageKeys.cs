using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Encoding;

namespace Wickr.Cluster.Protocol.Recovery;

/// <summary>
/// A device's storage keys: the local storage device key Klds, which encrypts data on this device, and the remote
/// storage root Krs, shared by the user's devices for account backups. Encoded as the reference's
/// <c>storage_keys { 1 version = 1; 2 local_storage; 3 remote_storage }</c> with 33-byte cipher keys.
/// </summary>
public sealed class StorageKeys : IDisposable
{
    /// <summary>The version this implementation writes and reads.</summary>
    public const uint CurrentVersion = 1;

    /// <summary>Takes ownership of both keys; they are zeroed when this is disposed.</summary>
    public StorageKeys(CipherKey local, CipherKey remote)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        Local = local;
        Remote = remote;
    }

    /// <summary>Klds.</summary>
    public CipherKey Local { get; }

    /// <summary>Krs.</summary>
    public CipherKey Remote { get; }

    /// <summary>The protobuf encoding. The caller owns (and should zero) the array.</summary>
    public byte[] Encode()
    {
        var local = Local.Encode();
        var remote = Remote.Encode();
        try
        {
            var writer = new ProtoWriter(128).WriteUInt64(1, CurrentVersion).WriteBytes(2, local).WriteBytes(3, remote);
            return writer.ToArrayAndZero();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(local);
            CryptographicOperations.ZeroMemory(remote);
        }
    }

    /// <summary>Reads the protobuf encoding. Throws Parse when a field is missing or malformed or the version is not 1.</summary>
    public static StorageKeys Decode(ReadOnlySpan<byte> encoded)
    {
        ulong? version = null;
        ReadOnlySpan<byte> local = default, remote = default;
        bool hasLocal = false, hasRemote = false;
        var reader = new ProtoReader(encoded);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: version = reader.ReadUInt64(); break;
                case 2: local = reader.ReadBytes(); hasLocal = true; break;
                case 3: remote = reader.ReadBytes(); hasRemote = true; break;
                default: reader.Skip(); break;
            }
        }

        if (version != CurrentVersion)
        {
            throw new WickrException(WickrError.Parse, $"storage keys of version {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}, expected {CurrentVersion}");
        }

        if (!hasLocal || !hasRemote)
        {
            throw new WickrException(WickrError.Parse, "storage keys need a local and a remote storage key");
        }

        var localKey = CipherKey.Decode(local);
        try
        {
            return new StorageKeys(localKey, CipherKey.Decode(remote));
        }
        catch
        {
            localKey.Dispose();
            throw;
        }
    }

    /// <summary>Zeroes both keys.</summary>
    public void Dispose()
    {
        Local.Dispose();
        Remote.Dispose();
    }
}
