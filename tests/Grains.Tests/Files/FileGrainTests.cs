using System.Security.Cryptography;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Interfaces.Files;
using Wickr.Cluster.Grains.Storage.Blobs;
using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests.Files;

/// <summary>The file grains as the gateway calls them: identifier bytes in, the blob store and the quota behind.</summary>
public abstract class FileGrainTests<TFixture>(TFixture fixture)
    where TFixture : ClusterFixture
{
    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task An_upload_is_read_with_its_token_and_deleted_once_every_recipient_has_it()
    {
        var owner = Sender.New();
        var blobId = BlobKeys.NewId();
        var token = RandomNumberGenerator.GetBytes(FileLimits.ReadTokenBytes);
        var content = TestData.Bytes(3000);
        var file = Client.GetFileGrain(blobId);

        var created = await file.CreateAsync(owner.RootIdentifier, owner.NodeIdentifier, content.Length, SHA256.HashData(token), 0);
        Assert.Equal(blobId, created.BlobId);
        Assert.Equal(0, created.StoredBytes);
        Assert.Equal(content.Length, await Client.GetFileQuotaGrain(owner.RootIdentifier).GetUsedAsync());

        await file.AppendAsync(owner.NodeIdentifier, 0, content[..1000]);
        var status = await file.AppendAsync(owner.NodeIdentifier, 1000, content[1000..]);
        Assert.True(status.Complete);
        var again = await file.GetUploadStatusAsync(owner.NodeIdentifier);
        Assert.Equal(blobId, again.BlobId);
        Assert.Equal((content.Length, content.Length), ((int)again.Size, (int)again.StoredBytes));
        Assert.Equal(content.Length, await file.OpenAsync(token));
        Assert.Equal(content[500..1500], await file.ReadAsync(token, 500, 1000));

        var (alice, bob) = (TestData.NodeId(), TestData.NodeId());
        await file.SetRecipientsAsync(owner.NodeIdentifier, [alice, bob, alice]);
        await file.ConfirmDownloadAsync(token, alice);
        Assert.Equal(content.Length, await file.OpenAsync(token));
        await file.ConfirmDownloadAsync(token, bob);

        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => file.OpenAsync(token));
        Assert.Equal(-1, await fixture.SiloService<IBlobStore>().LengthAsync(BlobKeys.ForBlob(blobId)));
        Assert.Equal(0, await Client.GetFileQuotaGrain(owner.RootIdentifier).GetUsedAsync());
    }

    [Fact]
    public async Task Malformed_ids_and_other_nodes_are_refused_and_change_nothing()
    {
        var owner = Sender.New();
        var token = RandomNumberGenerator.GetBytes(FileLimits.ReadTokenBytes);
        var file = Client.GetFileGrain(BlobKeys.NewId());
        Assert.Throws<ClusterException>(() => Client.GetFileGrain(TestData.Bytes(BlobKeys.IdBytes - 1)));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument,
            () => Client.GetGrain<IFileGrain>("not-a-blob-key").CreateAsync(owner.RootIdentifier, owner.NodeIdentifier, 10, SHA256.HashData(token), 0));

        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => file.CreateAsync([], owner.NodeIdentifier, 10, SHA256.HashData(token), 0));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => file.CreateAsync(owner.RootIdentifier, TestData.Bytes(31), 10, SHA256.HashData(token), 0));
        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => file.GetUploadStatusAsync(owner.NodeIdentifier));
        Assert.Equal(0, await Client.GetFileQuotaGrain(owner.RootIdentifier).GetUsedAsync());

        await file.CreateAsync(owner.RootIdentifier, owner.NodeIdentifier, 10, SHA256.HashData(token), 0);
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => file.AppendAsync(TestData.Bytes(33), 0, new byte[10]));
        await ClusterAssert.FailsWith(ClusterErrorCode.PermissionDenied, () => file.AppendAsync(TestData.NodeId(), 0, new byte[10]));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => file.SetRecipientsAsync(owner.NodeIdentifier, [TestData.NodeId(), TestData.Bytes(31)]));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => file.SetRecipientsAsync(owner.NodeIdentifier, []));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => Client.GetFileQuotaGrain(owner.RootIdentifier).ChargeAsync(TestData.Bytes(15), 1, 100));

        Assert.Equal(0, (await file.GetUploadStatusAsync(owner.NodeIdentifier)).StoredBytes);
        Assert.Equal(10, await Client.GetFileQuotaGrain(owner.RootIdentifier).GetUsedAsync());
        Assert.True((await file.AppendAsync(owner.NodeIdentifier, 0, new byte[10])).Complete);
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => file.ConfirmDownloadAsync(token, TestData.Bytes(31)));
    }

    [Fact]
    public async Task A_file_past_its_retention_is_deleted_once_the_clock_passes_a_sweep_interval_and_others_stay()
    {
        var owner = Sender.New();
        var token = RandomNumberGenerator.GetBytes(FileLimits.ReadTokenBytes);
        var (shortId, longId) = (BlobKeys.NewId(), BlobKeys.NewId());
        await Client.GetFileGrain(shortId).CreateAsync(owner.RootIdentifier, owner.NodeIdentifier, 100, SHA256.HashData(token), retentionSeconds: 10);
        await Client.GetFileGrain(longId).CreateAsync(owner.RootIdentifier, owner.NodeIdentifier, 200, SHA256.HashData(token), retentionSeconds: 0);

        // The silos' tickers ask the sweeper once the grains' clock passes an interval; the sweeper has the expired
        // file expire, which deletes the blob, gives the size back and clears the file's state, in that order.
        fixture.Time.Advance(new FilesOptions().SweepInterval);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (await Exists(Client.GetFileGrain(shortId), owner))
        {
            Assert.True(DateTime.UtcNow < deadline, "The expired file was not deleted by a sweep.");
            await Task.Delay(50);
        }

        var blobs = fixture.SiloService<IBlobStore>();
        Assert.Equal(-1, await blobs.LengthAsync(BlobKeys.ForBlob(shortId)));
        Assert.Equal(0, await blobs.LengthAsync(BlobKeys.ForBlob(longId)));
        Assert.Equal(200, await Client.GetFileQuotaGrain(owner.RootIdentifier).GetUsedAsync());
        Assert.True(await Exists(Client.GetFileGrain(longId), owner));
    }

    private static async Task<bool> Exists(IFileGrain file, Sender owner)
    {
        try
        {
            await file.GetUploadStatusAsync(owner.NodeIdentifier);
            return true;
        }
        catch (ClusterException ex) when (ex.Code == ClusterErrorCode.NotFound)
        {
            return false;
        }
    }
}
