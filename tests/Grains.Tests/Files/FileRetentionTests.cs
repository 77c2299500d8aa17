using System.Security.Cryptography;
using Wickr.Cluster.Grains.Files;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Interfaces.Files;
using Wickr.Cluster.Grains.Storage.Blobs;
using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests.Files;

/// <summary>The one retention sweeper of the cluster, asked directly as the silos' tickers ask it.</summary>
public sealed class FileRetentionTests(SqliteQuietSweepClusterFixture fixture) : IClassFixture<SqliteQuietSweepClusterFixture>
{
    [Fact]
    public async Task Only_the_silo_hosting_the_sweeper_gets_a_sweep_and_it_expires_only_what_is_past_retention()
    {
        var sweeper = fixture.Client.GetGrain<IFileRetentionGrain>(0);
        var silos = fixture.Cluster.GetActiveSilos().Select(s => s.SiloAddress).ToList();
        await sweeper.SweepAsync(silos[0]);
        var host = await fixture.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(sweeper);
        var other = Assert.Single(silos, s => !s.Equals(host));

        var owner = Sender.New();
        var token = RandomNumberGenerator.GetBytes(FileLimits.ReadTokenBytes);
        var (expiring, kept) = (BlobKeys.NewId(), BlobKeys.NewId());
        await fixture.Client.GetFileGrain(expiring).CreateAsync(owner.RootIdentifier, owner.NodeIdentifier, 100, SHA256.HashData(token), retentionSeconds: 10);
        await fixture.Client.GetFileGrain(kept).CreateAsync(owner.RootIdentifier, owner.NodeIdentifier, 200, SHA256.HashData(token), retentionSeconds: 3600);
        fixture.Time.Advance(TimeSpan.FromMinutes(1));

        // Another silo's ask only keeps the sweeper alive: nothing is listed or expired.
        Assert.False(await sweeper.SweepAsync(other));
        Assert.Equal(0, (await fixture.Client.GetFileGrain(expiring).GetUploadStatusAsync(owner.NodeIdentifier)).StoredBytes);

        Assert.True(await sweeper.SweepAsync(host!));
        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => fixture.Client.GetFileGrain(expiring).GetUploadStatusAsync(owner.NodeIdentifier));
        var blobs = fixture.SiloService<IBlobStore>();
        Assert.Equal(-1, await blobs.LengthAsync(BlobKeys.ForBlob(expiring)));
        Assert.Equal(0, await blobs.LengthAsync(BlobKeys.ForBlob(kept)));
        Assert.Equal(200, await fixture.Client.GetFileQuotaGrain(owner.RootIdentifier).GetUsedAsync());

        // One activation in the cluster, whichever silos asked.
        var activations = await fixture.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        Assert.Single(activations, a => a.GrainId == sweeper.GetGrainId());
    }

    [Fact]
    public async Task An_upload_left_incomplete_expires_within_hours_and_gives_its_quota_back_while_a_complete_one_is_kept()
    {
        var sweeper = fixture.Client.GetGrain<IFileRetentionGrain>(0);
        var silos = fixture.Cluster.GetActiveSilos().Select(s => s.SiloAddress).ToList();
        await sweeper.SweepAsync(silos[0]);
        var host = (await fixture.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(sweeper))!;

        var owner = Sender.New();
        var token = RandomNumberGenerator.GetBytes(FileLimits.ReadTokenBytes);
        var (abandoned, finished) = (BlobKeys.NewId(), BlobKeys.NewId());
        var started = await fixture.Client.GetFileGrain(abandoned).CreateAsync(owner.RootIdentifier, owner.NodeIdentifier, 100, SHA256.HashData(token), 0);
        await fixture.Client.GetFileGrain(abandoned).AppendAsync(owner.NodeIdentifier, 0, new byte[40]);
        await fixture.Client.GetFileGrain(finished).CreateAsync(owner.RootIdentifier, owner.NodeIdentifier, 100, SHA256.HashData(token), 0);
        var complete = await fixture.Client.GetFileGrain(finished).AppendAsync(owner.NodeIdentifier, 0, new byte[100]);

        // The incomplete upload is told its deadline; the complete file is kept for the whole retention.
        var lifetime = new FilesOptions().IncompleteUploadLifetime;
        Assert.Equal((fixture.Time.GetUtcNow() + lifetime).ToUnixTimeMilliseconds(), started.ExpiresAtUnixMs);
        Assert.Equal((fixture.Time.GetUtcNow() + new FilesOptions().Retention).ToUnixTimeMilliseconds(), complete.ExpiresAtUnixMs);

        fixture.Time.Advance(lifetime);
        Assert.True(await sweeper.SweepAsync(host));
        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => fixture.Client.GetFileGrain(abandoned).GetUploadStatusAsync(owner.NodeIdentifier));
        Assert.Equal(100, (await fixture.Client.GetFileGrain(finished).GetUploadStatusAsync(owner.NodeIdentifier)).StoredBytes);
        Assert.Equal(100, await fixture.Client.GetFileQuotaGrain(owner.RootIdentifier).GetUsedAsync());
    }
}
