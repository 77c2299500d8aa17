using System.Security.Cryptography;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.ClientLib.Pools;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Encoding;
using Wickr.Cluster.Protocol.Identity;
using Wickr.Cluster.Protocol.Recovery;

namespace Wickr.Cluster.ClientLib.Storage;

/// <summary>
/// Keeps the client's secondary key pools in the device store, each as one value sealed under Klds and rewritten
/// whenever the pool changes: the private halves this device handed out (<c>{ 1 next id; 2* { 1 id; 2 DER; 3 peer
/// node; 4 issued ms } }</c>, written before the message carrying their public halves is sent) and the public keys
/// contacts handed to it (<c>{ 1* { 1 peer node; 2 id; 3 PKEn; 4 SKn(PKEn); 5 received ms } }</c>).
/// </summary>
internal sealed class SecondaryKeyStorage(DeviceStore store, WickrClient client, ICryptoSuite suite) : IDisposable
{
    private const string Own = "secondary_own";
    private const string Peers = "secondary_peers";
    private bool _attached;

    /// <summary>Puts the saved keys back into the client, then saves every later change.</summary>
    public void RestoreAndAttach()
    {
        if (store.Get(Own) is { } own)
        {
            try
            {
                ReadOwn(own);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(own);
            }
        }
        if (store.Get(Peers) is { } peers)
        {
            ReadPeers(peers);
        }
        client.OwnSecondaryKeys.Changed += SaveOwn;
        client.PeerSecondaryKeys.Changed += SavePeers;
        _attached = true;
    }

    /// <summary>Stops saving (before the client disposes, and so empties, its pools).</summary>
    public void Dispose()
    {
        if (_attached)
        {
            client.OwnSecondaryKeys.Changed -= SaveOwn;
            client.PeerSecondaryKeys.Changed -= SavePeers;
            _attached = false;
        }
    }

    private void SaveOwn(object? sender, EventArgs e)
    {
        var pool = client.OwnSecondaryKeys;
        var keys = pool.Export();
        var ders = keys.Select(k => k.Key.ExportDer()).ToList();
        try
        {
            var writer = new ProtoWriter(64 + keys.Count * 512).WriteUInt64(1, pool.NextKeyId);
            for (var i = 0; i < keys.Count; i++)
            {
                var one = new ProtoWriter(512)
                    .WriteUInt64(1, keys[i].KeyId)
                    .WriteBytes(2, ders[i])
                    .WriteBytes(3, System.Text.Encoding.UTF8.GetBytes(keys[i].PeerNodeHex))
                    .WriteUInt64(4, (ulong)keys[i].IssuedAt.ToUnixTimeMilliseconds());
                writer.WriteBytes(2, one.WrittenSpan);
                one.Zero();
            }
            var encoded = writer.ToArrayAndZero();
            try
            {
                store.Put(Own, encoded);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(encoded);
            }
        }
        finally
        {
            ders.ForEach(d => CryptographicOperations.ZeroMemory(d));
        }
    }

    private void SavePeers(object? sender, EventArgs e)
    {
        var writer = new ProtoWriter(64 * 1024);
        foreach (var entry in client.PeerSecondaryKeys.Export())
        {
            var one = new ProtoWriter(512)
                .WriteBytes(1, System.Text.Encoding.UTF8.GetBytes(entry.PeerNodeHex))
                .WriteUInt64(2, entry.Key.KeyId)
                .WriteBytes(3, entry.Key.PublicKey.Encoded)
                .WriteBytes(4, entry.Key.NodeSignature)
                .WriteUInt64(5, (ulong)entry.ReceivedAt.ToUnixTimeMilliseconds());
            writer.WriteBytes(1, one.WrittenSpan);
        }
        store.Put(Peers, writer.ToArray());
    }

    private void ReadOwn(ReadOnlySpan<byte> encoded)
    {
        var pool = client.OwnSecondaryKeys;
        var reader = new ProtoReader(encoded);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1:
                    pool.RestoreNextKeyId(reader.ReadUInt64());
                    break;
                case 2:
                    ulong id = 0, issued = 0;
                    var peer = string.Empty;
                    EcKeyPair? key = null;
                    var inner = new ProtoReader(reader.ReadBytes());
                    while (inner.Next())
                    {
                        switch (inner.Field)
                        {
                            case 1: id = inner.ReadUInt64(); break;
                            case 2: key = PrivateKeyImport.Import(suite, inner.ReadBytes()); break;
                            case 3: peer = System.Text.Encoding.UTF8.GetString(inner.ReadBytes()); break;
                            case 4: issued = inner.ReadUInt64(); break;
                            default: inner.Skip(); break;
                        }
                    }
                    if (key is not null)
                    {
                        pool.Import(new SecondaryPrivateKey(id, key, peer, DateTimeOffset.FromUnixTimeMilliseconds((long)issued)));
                    }
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    private void ReadPeers(ReadOnlySpan<byte> encoded)
    {
        var reader = new ProtoReader(encoded);
        while (reader.Next())
        {
            if (reader.Field != 1)
            {
                reader.Skip();
                continue;
            }
            var peer = string.Empty;
            ulong id = 0, received = 0;
            byte[] publicKey = [], signature = [];
            var inner = new ProtoReader(reader.ReadBytes());
            while (inner.Next())
            {
                switch (inner.Field)
                {
                    case 1: peer = System.Text.Encoding.UTF8.GetString(inner.ReadBytes()); break;
                    case 2: id = inner.ReadUInt64(); break;
                    case 3: publicKey = inner.ReadBytes().ToArray(); break;
                    case 4: signature = inner.ReadBytes().ToArray(); break;
                    case 5: received = inner.ReadUInt64(); break;
                    default: inner.Skip(); break;
                }
            }
            var key = new SignedEphemeralKey(id, suite.DecodePublicKey(publicKey), signature);
            client.PeerSecondaryKeys.Import(new SecondaryPublicKey(peer, key, DateTimeOffset.FromUnixTimeMilliseconds((long)received)));
        }
    }
}
