using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Interfaces.Files;

namespace Wickr.Cluster.Grains.Storage.Blobs;

/// <summary>
/// The cluster mode's blob store: one Azure block blob per file in one container. Each chunk is staged as a block
/// (id = its offset, fixed width) and committed at once, so the committed length is always the resume point; the
/// commit is conditional on the blob's ETag, so two writers cannot both append at one offset. The expiry is blob
/// metadata, carried over on every commit. Each instance remembers the last commit of blobs it is writing (two
/// round trips per chunk instead of four).
/// </summary>
public sealed class AzureBlockBlobStore(BlobServiceClient service, string containerName) : IBlobStore
{
    private const string ExpiresKey = "expiresunixms";
    private const int MaxTrackedWrites = 10_000;
    private readonly ConcurrentDictionary<string, WriteState> _writes = new(StringComparer.Ordinal);
    private readonly BlobContainerClient _container = service.GetBlobContainerClient(containerName);
    private volatile bool _containerReady;

    /// <inheritdoc />
    public async Task CreateAsync(string blobKey, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        try
        {
            await Blob(blobKey).CommitBlockListAsync([], new CommitBlockListOptions
            {
                Metadata = Metadata(expiresAt.ToUnixTimeMilliseconds()),
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Already there: creating is idempotent.
        }
    }

    /// <inheritdoc />
    public async Task<long> LengthAsync(string blobKey, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await Blob(blobKey).GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ContentLength;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return -1;
        }
    }

    /// <inheritdoc />
    public async Task<long> AppendAsync(string blobKey, long offset, ReadOnlyMemory<byte> data, bool complete, CancellationToken cancellationToken = default)
    {
        var blob = Blob(blobKey);

        // The uploading grain appends chunk after chunk: what the last commit returned (ETag, block ids) saves two
        // round trips per chunk. A stale view is harmless: the commit is ETag-conditional, and a miss reloads.
        if (!_writes.TryGetValue(blobKey, out var state) || state.Length != offset)
        {
            state = await LoadAsync(blob, cancellationToken);
            if (state is null)
            {
                _writes.TryRemove(blobKey, out _);
                return -1;
            }
            if (state.Length != offset)
            {
                return state.Length;
            }
        }

        var id = BlockId(offset);
        using (var content = BinaryData.FromBytes(data).ToStream())
        {
            await blob.StageBlockAsync(id, content, new BlockBlobStageBlockOptions(), cancellationToken);
        }
        var blocks = new List<string>(state.Blocks) { id };
        BlobContentInfo committed;
        try
        {
            committed = (await blob.CommitBlockListAsync(blocks, new CommitBlockListOptions
            {
                Metadata = state.Metadata,
                Conditions = new BlobRequestConditions { IfMatch = state.ETag },
            }, cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            // Someone else committed (or deleted) meanwhile: report where the blob stands now, having stored nothing.
            _writes.TryRemove(blobKey, out _);
            return await LengthAsync(blobKey, cancellationToken);
        }

        if (complete || _writes.Count > MaxTrackedWrites)
        {
            _writes.TryRemove(blobKey, out _);
        }
        else
        {
            _writes[blobKey] = new WriteState(committed.ETag, blocks, state.Metadata, offset + data.Length);
        }
        return offset + data.Length;
    }

    /// <inheritdoc />
    public async Task<int> ReadAsync(string blobKey, long offset, Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }
        try
        {
            var response = await Blob(blobKey).DownloadStreamingAsync(new BlobDownloadOptions { Range = new HttpRange(offset, buffer.Length) }, cancellationToken);
            await using var content = response.Value.Content;
            return await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 416)
        {
            return 0;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new ClusterException(ClusterErrorCode.NotFound, "The file is not stored.");
        }
    }

    /// <inheritdoc />
    public async Task SetExpiryAsync(string blobKey, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        // The next append (none after completion) would otherwise commit the cached metadata again.
        _writes.TryRemove(blobKey, out _);
        try
        {
            await Blob(blobKey).SetMetadataAsync(Metadata(expiresAt.ToUnixTimeMilliseconds()), cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Gone already.
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string blobKey, CancellationToken cancellationToken = default)
    {
        _writes.TryRemove(blobKey, out _);
        await Blob(blobKey).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredBlob> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken))
        {
            if (!BlobKeys.IsBlobKey(item.Name))
            {
                continue;
            }
            var expiry = item.Metadata is { } metadata && metadata.TryGetValue(ExpiresKey, out var text)
                && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                : DateTimeOffset.MinValue;
            yield return new StoredBlob(item.Name, expiry);
        }
    }

    private static async Task<WriteState?> LoadAsync(BlockBlobClient blob, CancellationToken cancellationToken)
    {
        BlobProperties properties;
        try
        {
            properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }

        // GetBlockList takes no ETag condition; the conditional commit catches a change in between.
        var blocks = (await blob.GetBlockListAsync(BlockListTypes.Committed, cancellationToken: cancellationToken)).Value;
        return new WriteState(properties.ETag, [.. blocks.CommittedBlocks.Select(b => b.Name)], properties.Metadata, properties.ContentLength);
    }

    private BlockBlobClient Blob(string blobKey)
    {
        if (!BlobKeys.IsBlobKey(blobKey))
        {
            throw new ClusterException(ClusterErrorCode.InvalidArgument, "A blob key is 32 lowercase hex characters.");
        }
        return _container.GetBlockBlobClient(blobKey);
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (!_containerReady)
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _containerReady = true;
        }
    }

    private static Dictionary<string, string> Metadata(long expiresUnixMs) => new() { [ExpiresKey] = expiresUnixMs.ToString(CultureInfo.InvariantCulture) };

    // Block ids of one blob must all have the same length: the offset in 20 digits, base64.
    private static string BlockId(long offset) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(offset.ToString("D20", CultureInfo.InvariantCulture)));

    /// <summary>A blob being uploaded as of its last commit here: its ETag, committed block ids, metadata and length.</summary>
    private sealed record WriteState(ETag ETag, List<string> Blocks, IDictionary<string, string> Metadata, long Length);
}
