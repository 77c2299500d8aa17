using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Interfaces.Files;

namespace Wickr.Cluster.Grains.Files;

/// <inheritdoc cref="IFileQuotaGrain"/>
[GrainType("wickr-file-quota")]
internal sealed class FileQuotaGrain(
    [PersistentState("quota", WickrGrains.StorageName)] IPersistentState<FileQuotaState> files) : Grain, IFileQuotaGrain
{
    public async Task ReserveAsync(byte[] blobId, long size, long quota)
    {
        if (blobId is not { Length: BlobKeys.IdBytes } || size < 1)
        {
            throw Require.Invalid($"A reservation names a blob id ({BlobKeys.IdBytes} bytes) and a positive size.");
        }
        var used = files.State.Files.Values.Sum();
        if (used + size > quota)
        {
            throw Require.Error(ClusterErrorCode.LimitExceeded,
                $"size: the user's file quota is {quota} bytes; {used} are in use, so {size} more do not fit.");
        }
        files.State.Files[BlobKeys.ForBlob(blobId)] = size;
        await files.WriteStateAsync();
    }

    public async Task ReleaseAsync(byte[] blobId)
    {
        if (blobId is { Length: BlobKeys.IdBytes } && files.State.Files.Remove(BlobKeys.ForBlob(blobId)))
        {
            await files.WriteStateAsync();
        }
    }

    public Task<long> GetUsedAsync() => Task.FromResult(files.State.Files.Values.Sum());
}
