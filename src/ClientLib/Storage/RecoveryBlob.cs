using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Encoding;
using Wickr.Cluster.Protocol.Recovery;

namespace Wickr.Cluster.ClientLib.Storage;

/// <summary>
/// What the server keeps for a user's recovery, as one opaque blob: <c>{ 1 recovery bundle (root keys under Krbk);
/// 2 Krbk sealed under the passphrase (absent in the hardened mode); 3 account backup (contacts and pins, a cipher
/// result under Krs) }</c>. None of it opens without the passphrase or the recovery key.
/// </summary>
internal sealed record RecoveryBlob(RecoveryBackup Backup, byte[] AccountBackup)
{
    public byte[] Encode()
    {
        var writer = new ProtoWriter(Backup.Bundle.Length + (Backup.SealedRecoveryKey?.Length ?? 0) + AccountBackup.Length + 64).WriteBytes(1, Backup.Bundle);
        if (Backup.SealedRecoveryKey is { } sealedKey)
        {
            writer.WriteBytes(2, sealedKey);
        }
        return writer.WriteBytes(3, AccountBackup).ToArray();
    }

    /// <summary>Parse when the blob is not one.</summary>
    public static RecoveryBlob Decode(ReadOnlySpan<byte> encoded)
    {
        byte[]? bundle = null, sealedKey = null;
        byte[] account = [];
        var reader = new ProtoReader(encoded);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: bundle = reader.ReadBytes().ToArray(); break;
                case 2: sealedKey = reader.ReadBytes().ToArray(); break;
                case 3: account = reader.ReadBytes().ToArray(); break;
                default: reader.Skip(); break;
            }
        }
        if (bundle is null or { Length: 0 })
        {
            throw new WickrException(WickrError.Parse, "the server's recovery blob holds no recovery bundle");
        }
        return new RecoveryBlob(new RecoveryBackup(bundle, sealedKey), account);
    }
}
