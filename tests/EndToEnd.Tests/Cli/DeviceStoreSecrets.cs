using Wickr.Cluster.ClientLib.Storage;
using Wickr.Cluster.EndToEnd.Tests.Harness;
using Wickr.Cluster.Protocol.Encoding;

namespace Wickr.Cluster.EndToEnd.Tests.Cli;

/// <summary>
/// Reads every secret a device store holds (from a copy, so the device's own file is untouched) into a
/// <see cref="KeyRecorder"/>: the passphrase key, Kr, Kn, Klds, Krs, Knsr, Krbk and each ephemeral private key.
/// Taken at several points of a scenario, it also knows the keys that were used and deleted since.
/// </summary>
internal static class DeviceStoreSecrets
{
    /// <summary>Returns how many ephemeral private keys the store held, and the user's root public key (public: a control for scans).</summary>
    public static (int EphemeralKeys, byte[] RootPublicKey) Collect(KeyRecorder recorder, WickrCli device)
    {
        var copy = Path.Combine(Path.GetTempPath(), "wickr-store-copy-" + Guid.NewGuid().ToString("N") + ".db");
        File.Copy(device.StorePath, copy);
        try
        {
            using var store = DeviceStore.Open(copy, device.Passphrase, recorder);
            using var record = store.LoadIdentity(recorder);
            recorder.Record("Klds", record.Device.StorageKeys.Local.Key);
            recorder.Record("Krs", record.Device.StorageKeys.Remote.Key);
            recorder.Record("Knsr", record.RootKeys.NodeStorageRoot.Key);
            recorder.Record("Krbk", record.RecoveryBundleKey.Key);
            recorder.RecordPrivateKey("Kr", record.Device.Context.RootKey);
            recorder.RecordPrivateKey("Kn", record.Device.NodeKey);
            using var pool = store.LoadPool(recorder, record.Device.NodeKey);
            RecordSecondaryKeys(recorder, store);
            return (pool?.Count ?? 0, record.Device.Chain.Root.PublicKey.Encoded.ToArray());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(copy);
        }
    }

    // The private halves of the secondary keys this device handed out: { 2* { 2 DER } } in the "secondary_own" value.
    private static void RecordSecondaryKeys(KeyRecorder recorder, DeviceStore store)
    {
        if (store.Get("secondary_own") is not { } encoded)
        {
            return;
        }
        var reader = new ProtoReader(encoded);
        while (reader.Next())
        {
            if (reader.Field != 2)
            {
                reader.Skip();
                continue;
            }
            var inner = new ProtoReader(reader.ReadBytes());
            while (inner.Next())
            {
                if (inner.Field == 2)
                {
                    recorder.ImportPrivateKey(inner.ReadBytes()).Dispose();
                }
                else
                {
                    inner.Skip();
                }
            }
        }
    }
}
