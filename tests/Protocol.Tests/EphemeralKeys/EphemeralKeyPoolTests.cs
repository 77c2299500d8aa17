using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.EphemeralKeys;

namespace Wickr.Cluster.Protocol.Tests.EphemeralKeys;

public sealed class EphemeralKeyPoolTests : IDisposable
{
    private readonly EcKeyPair _nodeKey = EcKeyPair.Generate();

    [Fact]
    public void Generated_keys_have_unique_increasing_ids_and_are_signed_by_the_node_key()
    {
        using var pool = new EphemeralKeyPool(P521Suite.Instance, _nodeKey, nextKeyId: 41);

        var first = pool.Generate(5);
        var second = pool.Generate(3);

        var ids = first.Concat(second).Select(k => k.KeyId).ToList();
        Assert.Equal([41UL, 42, 43, 44, 45, 46, 47, 48], ids);
        Assert.All(first.Concat(second), k => k.Validate(P521Suite.Instance, _nodeKey.PublicKey));
        Assert.Equal(8, pool.Count);
        Assert.Equal(49UL, pool.NextKeyId);
    }

    [Fact]
    public void A_used_one_time_key_is_deleted_and_a_last_resort_key_is_kept()
    {
        using var pool = new EphemeralKeyPool(P521Suite.Instance, _nodeKey);
        var oneTime = pool.Generate(1)[0];
        var lastResort = pool.GenerateLastResort();

        Assert.NotNull(pool.Find(oneTime.KeyId));
        pool.MarkUsed(oneTime.KeyId);
        Assert.Null(pool.Find(oneTime.KeyId));

        pool.MarkUsed(lastResort.KeyId);
        Assert.NotNull(pool.Find(lastResort.KeyId));
        Assert.Equal(lastResort.KeyId, pool.LastResortKeyId);
    }

    [Fact]
    public void Replacing_the_last_resort_key_deletes_the_old_one()
    {
        using var pool = new EphemeralKeyPool(P521Suite.Instance, _nodeKey);
        var old = pool.GenerateLastResort();
        var replacement = pool.GenerateLastResort();

        Assert.Null(pool.Find(old.KeyId));
        Assert.NotNull(pool.Find(replacement.KeyId));
        Assert.True(replacement.KeyId > old.KeyId);
    }

    [Fact]
    public void Imported_keys_advance_the_id_counter_and_duplicates_are_refused()
    {
        using var pool = new EphemeralKeyPool(P521Suite.Instance, _nodeKey);
        pool.Import(100, EcKeyPair.Generate());

        Assert.Equal(101UL, pool.NextKeyId);
        using var duplicate = EcKeyPair.Generate();
        Assert.Equal(WickrError.InvalidArgument, Assert.Throws<WickrException>(() => pool.Import(100, duplicate)).Error);
        Assert.Equal(WickrError.InvalidArgument, Assert.Throws<WickrException>(() => pool.Generate(0)).Error);
        Assert.Equal(WickrError.InvalidArgument, Assert.Throws<WickrException>(() => pool.Generate(EphemeralKeyPool.MaxBatch + 1)).Error);
    }

    [Fact]
    public void Disposing_the_pool_deletes_every_private_key()
    {
        var pool = new EphemeralKeyPool(P521Suite.Instance, _nodeKey);
        var key = pool.Generate(1)[0];
        var privateKey = pool.Find(key.KeyId)!;

        pool.Dispose();

        Assert.Equal(0, pool.Count);
        Assert.Throws<ObjectDisposedException>(() => privateKey.ExportDer());
    }

    public void Dispose() => _nodeKey.Dispose();
}
