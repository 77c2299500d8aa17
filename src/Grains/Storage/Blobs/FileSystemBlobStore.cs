using System.Globalization;
using System.Runtime.CompilerServices;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Interfaces.Files;

namespace Wickr.Cluster.Grains.Storage.Blobs;

/// <summary>
/// The embedded mode's blob store: one file per blob (<c>&lt;id&gt;.blob</c>) under a folder of the data directory, with
/// its expiry beside it (<c>&lt;id&gt;.expires</c>, Unix milliseconds). Appends are flushed to disk before they count.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    private const string BlobSuffix = ".blob";
    private const string ExpirySuffix = ".expires";
    private readonly string _directory;

    /// <summary>A store in <paramref name="directory"/> (created if missing).</summary>
    public FileSystemBlobStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(_directory);
    }

    /// <inheritdoc />
    public async Task CreateAsync(string blobId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        var blob = PathOf(blobId, BlobSuffix);
        await File.WriteAllTextAsync(PathOf(blobId, ExpirySuffix), expiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), cancellationToken);
        await using var _ = new FileStream(blob, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
    }

    /// <inheritdoc />
    public Task<long> LengthAsync(string blobId, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(PathOf(blobId, BlobSuffix));
        return Task.FromResult(info.Exists ? info.Length : -1L);
    }

    /// <inheritdoc />
    public async Task<long> AppendAsync(string blobId, long offset, ReadOnlyMemory<byte> data, bool complete, CancellationToken cancellationToken = default)
    {
        var path = PathOf(blobId, BlobSuffix);
        if (!File.Exists(path))
        {
            return -1;
        }
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.Asynchronous);
        if (stream.Length != offset)
        {
            return stream.Length;
        }
        stream.Position = offset;
        await stream.WriteAsync(data, cancellationToken);

        // In the OS's hands now, so a killed silo loses nothing; the length on disk stays the resume point. An fsync
        // per chunk would halve throughput for the power-loss case only, so the file is synced when its size is whole.
        await stream.FlushAsync(cancellationToken);
        if (complete)
        {
            stream.Flush(flushToDisk: true);
        }
        return stream.Length;
    }

    /// <inheritdoc />
    public async Task<int> ReadAsync(string blobId, long offset, Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var path = PathOf(blobId, BlobSuffix);
        if (!File.Exists(path))
        {
            throw new ClusterException(ClusterErrorCode.NotFound, "The file is not stored.");
        }
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await RandomAccess.ReadAsync(handle, buffer[total..], offset + total, cancellationToken);
            if (read == 0)
            {
                break;
            }
            total += read;
        }
        return total;
    }

    /// <inheritdoc />
    public Task DeleteAsync(string blobId, CancellationToken cancellationToken = default)
    {
        File.Delete(PathOf(blobId, BlobSuffix));
        File.Delete(PathOf(blobId, ExpirySuffix));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredBlob> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var path in Directory.EnumerateFiles(_directory, "*" + BlobSuffix))
        {
            var id = Path.GetFileNameWithoutExtension(path);
            if (!BlobKeys.IsBlobId(id))
            {
                continue;
            }
            var expiry = DateTimeOffset.MinValue;
            try
            {
                var text = await File.ReadAllTextAsync(PathOf(id, ExpirySuffix), cancellationToken);
                expiry = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(text, CultureInfo.InvariantCulture));
            }
            catch (Exception ex) when (ex is IOException or FormatException or OverflowException)
            {
                // No readable expiry: the blob was never created properly, so it is due now.
            }
            yield return new StoredBlob(id, expiry);
        }
    }

    private string PathOf(string blobId, string suffix)
    {
        // The id is the whole file name: never a path, so never outside the folder.
        if (!BlobKeys.IsBlobId(blobId))
        {
            throw new ClusterException(ClusterErrorCode.InvalidArgument, "A blob id is 32 lowercase hex characters.");
        }
        return Path.Combine(_directory, blobId + suffix);
    }
}
