using Microsoft.Extensions.Time.Testing;
using Wickr.Cluster.ClientLib.Pools;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Packets;
using Wickr.Cluster.Testing.Protocol;

namespace Wickr.Cluster.ClientLib.Tests.Pools;

/// <summary>The owner's secondary pool and the contact's cache: handed out, topped up, used once, expired.</summary>
public sealed class SecondaryKeyPoolTests : IDisposable
{
    private const string Peer = "aa11";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly TestUser _alice = new(1);
    private readonly TestUser _bob = new(1);

    [Fact]
    public void Hand_out_tops_a_contact_up_to_its_share_with_signed_keys_in_the_secondary_id_space()
    {
        var bob = _bob.Devices[0];
        using var pool = new SecondaryKeyPool(P521Suite.Instance, bob.NodeKey, _time, new SecondaryKeyPolicy { KeysPerContact = 3 });

        var first = pool.HandOut(Peer);
        Assert.Equal(3, first.Count);
        Assert.All(first, k => Assert.True(SecondaryKeyPool.IsSecondaryId(k.KeyId)));
        Assert.All(first, k => k.Validate(P521Suite.Instance, bob.NodeKey.PublicKey));
        Assert.Equal(3, first.Select(k => k.KeyId).Distinct().Count());
        Assert.Empty(pool.HandOut(Peer));
        Assert.Equal(3, pool.HandOut("bb22").Count);

        // One used: one more is handed out, and the used private half is gone.
        pool.MarkUsed(first[0].KeyId);
        Assert.Null(pool.Find(first[0].KeyId));
        Assert.NotNull(pool.Find(first[1].KeyId));
        Assert.Single(pool.HandOut(Peer));
        Assert.Equal(3, pool.OutstandingFor(Peer));
    }

    [Fact]
    public void Keys_past_their_use_window_are_replaced_and_private_halves_deleted_after_the_keep_time()
    {
        var policy = new SecondaryKeyPolicy { KeysPerContact = 2, UseWithin = TimeSpan.FromDays(1), KeepPrivateFor = TimeSpan.FromDays(3) };
        using var pool = new SecondaryKeyPool(P521Suite.Instance, _bob.Devices[0].NodeKey, _time, policy);
        var old = pool.HandOut(Peer);

        _time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(2, pool.HandOut(Peer).Count);
        Assert.NotNull(pool.Find(old[0].KeyId)); // a late packet that used it still decrypts

        _time.Advance(TimeSpan.FromDays(2));
        pool.HandOut(Peer);
        Assert.Null(pool.Find(old[0].KeyId));
    }

    [Fact]
    public void The_pool_cap_stops_hand_outs()
    {
        using var pool = new SecondaryKeyPool(P521Suite.Instance, _bob.Devices[0].NodeKey, _time, new SecondaryKeyPolicy { KeysPerContact = 4, MaxOwnKeys = 6 });
        Assert.Equal(4, pool.HandOut("p1").Count);
        Assert.Equal(2, pool.HandOut("p2").Count);
        Assert.Empty(pool.HandOut("p3"));
    }

    [Fact]
    public void The_cache_hands_each_key_out_once_oldest_first_and_drops_expired_and_foreign_ids()
    {
        using var pool = new SecondaryKeyPool(P521Suite.Instance, _bob.Devices[0].NodeKey, _time, new SecondaryKeyPolicy { KeysPerContact = 3 });
        var cache = new SecondaryKeyCache(_time, new SecondaryKeyPolicy { UseWithin = TimeSpan.FromDays(1), MaxKeysPerPeer = 4 });
        var keys = pool.HandOut(Peer);
        var published = _bob.Devices[0].Pool.Generate(1);

        Assert.Equal(3, cache.Add(Peer, keys));
        Assert.Equal(0, cache.Add(Peer, keys));
        Assert.Equal(0, cache.Add(Peer, published)); // an id from the published space is not a secondary key
        Assert.Equal(keys[0].KeyId, cache.TryTake(Peer)!.KeyId);
        Assert.Equal(keys[1].KeyId, cache.TryTake(Peer)!.KeyId);
        Assert.Null(cache.TryTake("someone else"));

        _time.Advance(TimeSpan.FromDays(1));
        Assert.Null(cache.TryTake(Peer));
        Assert.Equal(0, cache.CountFor(Peer));
    }

    [Fact]
    public void The_cache_keeps_at_most_its_share_per_peer_and_round_trips_through_export()
    {
        using var pool = new SecondaryKeyPool(P521Suite.Instance, _bob.Devices[0].NodeKey, _time, new SecondaryKeyPolicy { KeysPerContact = 6 });
        var cache = new SecondaryKeyCache(_time, new SecondaryKeyPolicy { MaxKeysPerPeer = 4 });
        var keys = pool.HandOut(Peer);
        cache.Add(Peer, keys);
        Assert.Equal(4, cache.CountFor(Peer));

        var restored = new SecondaryKeyCache(_time);
        foreach (var entry in cache.Export())
        {
            restored.Import(entry);
        }

        Assert.Equal(keys[2].KeyId, restored.TryTake(Peer)!.KeyId);

        using var restoredPool = new SecondaryKeyPool(P521Suite.Instance, _bob.Devices[0].NodeKey, _time);
        foreach (var entry in pool.Export())
        {
            restoredPool.Import(entry with { Key = EcKeyPair.ImportDer(entry.Key.ExportDer()) });
        }

        Assert.Equal(6, restoredPool.Count);
        Assert.True(restoredPool.NextKeyId > keys[^1].KeyId);

        // Every key used and deleted: the saved counter still keeps ids from repeating.
        using var emptied = new SecondaryKeyPool(P521Suite.Instance, _bob.Devices[0].NodeKey, _time);
        emptied.RestoreNextKeyId(pool.NextKeyId);
        Assert.Equal(pool.NextKeyId, emptied.NextKeyId);
        Assert.Throws<WickrException>(() => emptied.RestoreNextKeyId(5));
    }

    [Fact]
    public void A_packet_to_a_handed_out_key_decrypts_once_through_both_pools()
    {
        var alice = _alice.Devices[0];
        var bob = _bob.Devices[0];
        using var secondary = new SecondaryKeyPool(P521Suite.Instance, bob.NodeKey, _time);
        var handed = secondary.HandOut(alice.Chain.Node.IdentifierHex)[0];
        var message = new PlainMessage(new PacketMetadata(60, 0, [1], 1), "hello"u8.ToArray());

        var packet = new PacketEncoder().Encode(alice.AsSender, [(new RecipientNode(bob.Chain, bob.DevId, handed), _bob.Root)], message);
        var keys = new PrivateKeyRouter(bob.Pool, secondary, alice.Chain.Node.IdentifierHex);
        var decoded = new PacketDecoder().Decode(packet, alice.Chain, bob.AsLocal, keys);

        Assert.Equal(message.Body, decoded.Message.Body);
        Assert.Equal(handed.KeyId, decoded.EphemeralKeyId);
        Assert.True(keys.UsedSecondary);
        Assert.Null(secondary.Find(handed.KeyId));
        var again = Assert.Throws<WickrException>(() => new PacketDecoder().Decode(packet, alice.Chain, bob.AsLocal, keys));
        Assert.Equal(WickrError.UnknownKeyId, again.Error);
    }

    [Fact]
    public void A_key_handed_to_one_contact_is_not_honoured_from_another_and_stays_for_its_contact()
    {
        using var carolUser = new TestUser(1);
        var alice = _alice.Devices[0];
        var carol = carolUser.Devices[0];
        var bob = _bob.Devices[0];
        using var secondary = new SecondaryKeyPool(P521Suite.Instance, bob.NodeKey, _time);
        var forAlice = secondary.HandOut(alice.Chain.Node.IdentifierHex)[0];
        var message = new PlainMessage(new PacketMetadata(60, 0, [1], 1), "mine"u8.ToArray());

        // Carol saw the handout in a group message and spends Alice's key first.
        var stolen = new PacketEncoder().Encode(carol.AsSender, [(new RecipientNode(bob.Chain, bob.DevId, forAlice), _bob.Root)], message);
        var refused = Assert.Throws<WickrException>(() => new PacketDecoder().Decode(
            stolen, carol.Chain, bob.AsLocal, new PrivateKeyRouter(bob.Pool, secondary, carol.Chain.Node.IdentifierHex)));
        Assert.Equal(WickrError.UnknownKeyId, refused.Error);

        var packet = new PacketEncoder().Encode(alice.AsSender, [(new RecipientNode(bob.Chain, bob.DevId, forAlice), _bob.Root)], message);
        var decoded = new PacketDecoder().Decode(packet, alice.Chain, bob.AsLocal, new PrivateKeyRouter(bob.Pool, secondary, alice.Chain.Node.IdentifierHex));
        Assert.Equal(message.Body, decoded.Message.Body);
    }

    [Fact]
    public void The_cache_holds_keys_for_at_most_its_peer_cap()
    {
        using var pool = new SecondaryKeyPool(P521Suite.Instance, _bob.Devices[0].NodeKey, _time, new SecondaryKeyPolicy { KeysPerContact = 1 });
        var cache = new SecondaryKeyCache(_time, new SecondaryKeyPolicy { MaxPeers = 2 });
        cache.Add("p1", pool.HandOut("x1"));
        _time.Advance(TimeSpan.FromSeconds(1));
        cache.Add("p2", pool.HandOut("x2"));
        _time.Advance(TimeSpan.FromSeconds(1));
        cache.Add("p3", pool.HandOut("x3"));

        Assert.Equal(0, cache.CountFor("p1"));
        Assert.Equal(1, cache.CountFor("p2"));
        Assert.Equal(1, cache.CountFor("p3"));
    }

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
    }
}
