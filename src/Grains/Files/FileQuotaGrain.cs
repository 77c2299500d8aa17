using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Interfaces.Files;
using Wickr.Cluster.Grains.Limits;

namespace Wickr.Cluster.Grains.Files;

/// <inheritdoc cref="IFileQuotaGrain"/>
/// <remarks>
/// A file grain refunds its charge once, when it deletes the file and before it clears its own state; should it fail
/// between the two, the retry refunds again and the totals err in the user's favour (never below zero).
/// </remarks>
[GrainType("wickr-file-quota")]
internal sealed class FileQuotaGrain(
    [PersistentState("quota", WickrGrains.StorageName)] IPersistentState<FileQuotaState> files,
    IOptions<FilesOptions> options,
    [FromKeyedServices(WickrGrains.TimeProviderKey)] TimeProvider time) : Grain, IFileQuotaGrain
{
    private readonly FilesOptions _options = options.Value;

    public async Task<long> ChargeAsync(byte[] blobId, long size, long quota)
    {
        if (blobId is not { Length: BlobKeys.IdBytes } || size < 1)
        {
            throw Require.Invalid($"A reservation names a blob id ({BlobKeys.IdBytes} bytes) and a positive size.");
        }

        var state = files.State;
        var now = time.GetUtcNow();
        if (!new Gcra(_options.UploadBurst, _options.UploadRefillInterval).TryTake(state.UploadBudget, 1, now, out var budget, out var wait))
        {
            ClusterMetrics.UploadsRefused.Add(1);
            throw ClusterException.RateLimited(wait, "Too many uploads started; retry later.");
        }

        if (FileCount >= _options.MaxFilesPerUser)
        {
            ClusterMetrics.UploadsRefused.Add(1);
            throw Require.Error(ClusterErrorCode.LimitExceeded,
                $"size: a user holds at most {_options.MaxFilesPerUser} files at a time; delete or wait for some to expire.");
        }

        var charge = Math.Max(size, _options.MinChargeBytes);
        var used = Used;
        if (used + charge > quota)
        {
            ClusterMetrics.UploadsRefused.Add(1);
            throw Require.Error(ClusterErrorCode.LimitExceeded,
                $"size: the user's file quota is {quota} bytes; {used} are in use, so {charge} more do not fit (a file is charged at least {_options.MinChargeBytes}).");
        }

        state.ChargedBytes += charge;
        state.FileCount++;
        state.UploadBudget = budget;
        await files.WriteStateAsync();
        return charge;
    }

    public async Task RefundAsync(long charged)
    {
        if (charged < 1)
        {
            return;
        }

        files.State.ChargedBytes = Math.Max(0, files.State.ChargedBytes - charged);
        files.State.FileCount = Math.Max(0, files.State.FileCount - 1);
        await files.WriteStateAsync();
    }

    public async Task ReleaseAsync(byte[] blobId)
    {
        if (blobId is { Length: BlobKeys.IdBytes } && files.State.Files.Remove(BlobKeys.ForBlob(blobId)))
        {
            await files.WriteStateAsync();
        }
    }

    public Task<long> GetUsedAsync() => Task.FromResult(Used);

    private long Used => files.State.ChargedBytes + files.State.Files.Values.Sum();

    private int FileCount => files.State.FileCount + files.State.Files.Count;
}
