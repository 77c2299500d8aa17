using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Interfaces.Files;

namespace Wickr.Cluster.Grains.Files;

/// <inheritdoc cref="IFileQuotaGrain"/>
[GrainType("wickr-file-quota")]
internal sealed class FileQuotaGrain(
    [PersistentState("quota", WickrGrains.StorageName)] IPersistentState<FileQuotaState> quota) : Grain, IFileQuotaGrain
{
    public async Task Reserve(string blobId, long size, long limit)
    {
        if (!BlobKeys.IsBlobId(blobId) || size < 1)
        {
            throw Require.Invalid("A reservation names a blob id and a positive size.");
        }
        var used = quota.State.Files.Values.Sum();
        if (used + size > limit)
        {
            throw Require.Error(ClusterErrorCode.LimitExceeded,
                $"size: the user's file quota is {limit} bytes; {used} are in use, so {size} more do not fit.");
        }
        quota.State.Files[blobId] = size;
        await quota.WriteStateAsync();
    }

    public async Task Release(string blobId)
    {
        if (quota.State.Files.Remove(blobId))
        {
            await quota.WriteStateAsync();
        }
    }

    public Task<long> Used() => Task.FromResult(quota.State.Files.Values.Sum());
}
