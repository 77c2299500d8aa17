using System.Security.Cryptography;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Interfaces.Files;
using Wickr.Cluster.Grains.Storage.Blobs;

namespace Wickr.Cluster.Grains.Tests.Storage.Blobs;

/// <summary>What every <see cref="IBlobStore"/> must do; a backend derives and supplies two instances over one storage (two silos).</summary>
public abstract class BlobStoreContractTests
{
    private static readonly DateTimeOffset Expiry = DateTimeOffset.FromUnixTimeMilliseconds(4_102_444_800_000);

    protected abstract IBlobStore Store { get; }

    /// <summary>Another instance over the same storage, as another silo holds it.</summary>
    protected abstract IBlobStore OtherStore { get; }

    [Fact]
    public async Task A_created_blob_is_empty_and_an_unknown_one_has_no_length()
    {
        var id = NewKey();
        Assert.Equal(-1, await Store.LengthAsync(id));

        await Store.CreateAsync(id, Expiry);
        await Store.CreateAsync(id, Expiry);

        Assert.Equal(0, await Store.LengthAsync(id));
        Assert.Equal(0, await OtherStore.LengthAsync(id));
    }

    [Fact]
    public async Task A_moved_expiry_is_what_the_sweep_lists_and_moving_a_missing_blob_changes_nothing()
    {
        var id = NewKey();
        var sooner = DateTimeOffset.FromUnixTimeMilliseconds(1_893_456_000_000);
        await Store.CreateAsync(id, Expiry);

        await OtherStore.SetExpiryAsync(id, sooner);
        await Store.SetExpiryAsync(NewKey(), sooner);

        var listed = await Store.ListAsync().Where(b => b.BlobKey == id).ToListAsync();
        Assert.Equal(sooner, Assert.Single(listed).ExpiresAt);
        Assert.Equal(0, await Store.LengthAsync(id));
    }

    [Fact]
    public async Task Appends_at_the_stored_length_grow_the_blob_and_read_back_in_any_range()
    {
        var id = NewKey();
        var data = RandomNumberGenerator.GetBytes(300_000);
        await Store.CreateAsync(id, Expiry);

        Assert.Equal(100_000, await Store.AppendAsync(id, 0, data.AsMemory(0, 100_000), complete: false));
        Assert.Equal(300_000, await Store.AppendAsync(id, 100_000, data.AsMemory(100_000), complete: true));

        var all = new byte[400_000];
        Assert.Equal(300_000, await OtherStore.ReadAsync(id, 0, all));
        Assert.Equal(data, all[..300_000]);
        var middle = new byte[1000];
        Assert.Equal(1000, await Store.ReadAsync(id, 99_500, middle));
        Assert.Equal(data[99_500..100_500], middle);
        Assert.Equal(0, await Store.ReadAsync(id, 300_000, middle));
    }

    [Fact]
    public async Task An_append_at_another_offset_stores_nothing_and_names_the_stored_length()
    {
        var id = NewKey();
        await Store.CreateAsync(id, Expiry);
        await Store.AppendAsync(id, 0, new byte[10], complete: false);

        // A retried chunk (offset 0 again), a gap (offset 20), and a second silo with a stale view all change nothing.
        Assert.Equal(10, await Store.AppendAsync(id, 0, new byte[10], complete: false));
        Assert.Equal(10, await Store.AppendAsync(id, 20, new byte[10], complete: false));
        Assert.Equal(10, await OtherStore.AppendAsync(id, 5, new byte[10], complete: false));
        Assert.Equal(10, await Store.LengthAsync(id));
        Assert.Equal(-1, await Store.AppendAsync(NewKey(), 0, new byte[10], complete: false));
    }

    [Fact]
    public async Task Deleted_blobs_are_gone_and_listed_blobs_carry_their_expiry()
    {
        var kept = NewKey();
        var deleted = NewKey();
        await Store.CreateAsync(kept, Expiry);
        await Store.CreateAsync(deleted, Expiry);
        await Store.AppendAsync(deleted, 0, new byte[10], complete: true);

        await OtherStore.DeleteAsync(deleted);
        await Store.DeleteAsync(deleted);

        Assert.Equal(-1, await Store.LengthAsync(deleted));
        var listed = new List<StoredBlob>();
        await foreach (var blob in Store.ListAsync())
        {
            listed.Add(blob);
        }
        Assert.Contains(new StoredBlob(kept, Expiry), listed);
        Assert.DoesNotContain(listed, b => b.BlobKey == deleted);
        await Assert.ThrowsAsync<ClusterException>(() => Store.ReadAsync(deleted, 0, new byte[10]));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("")]
    public async Task A_name_that_is_not_a_blob_key_is_refused(string key)
    {
        var error = await Assert.ThrowsAsync<ClusterException>(() => Store.CreateAsync(key, Expiry));
        Assert.Equal(ClusterErrorCode.InvalidArgument, error.Code);
    }

    private static string NewKey() => BlobKeys.ForBlob(BlobKeys.NewId());
}
