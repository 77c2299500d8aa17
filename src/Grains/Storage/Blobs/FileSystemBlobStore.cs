using System.Globalization;
using System.Runtime.CompilerServices;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Interfaces.Files;

namespace Wickr.Cluster.Grains.Storage.Blobs;

/// <summary>
/// The embedded mode's blob store: one file per blob (<c>&lt;key&gt;.blob</c>) under a folder of the data directory, with
/// its expiry beside it (<c>&lt;key&gt;.expires</c>, Unix milliseconds). Appends are flushed to disk before they count.
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
    public async Task CreateAsync(string blobKey, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        var blob = PathOf(blobKey, BlobSuffix);
        await File.WriteAllTextAsync(PathOf(blobKey, ExpirySuffix), expiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), cancellationToken);
        await using var _ = new FileStream(blob, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
    }

    /// <inheritdoc />
    public Task<long> LengthAsync(string blobKey, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(PathOf(blobKey, BlobSuffix));
        return Task.FromResult(info.Exists ? info.Length : -1L);
    }

    /// <inheritdoc />
    public async Task<long> AppendAsync(string blobKey, long offset, ReadOnlyMemory<byte> data, bool complete, CancellationToken cancellationToken = default)
    {
        var path = PathOf(blobKey, BlobSuffix);
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
    public async Task<int> ReadAsync(string blobKey, long offset, Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var path = PathOf(blobKey, BlobSuffix);
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
    public Task DeleteAsync(string blobKey, CancellationToken cancellationToken = default)
    {
        File.Delete(PathOf(blobKey, BlobSuffix));
        File.Delete(PathOf(blobKey, ExpirySuffix));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredBlob> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var path in Directory.EnumerateFiles(_directory, "*" + BlobSuffix))
        {
            var key = Path.GetFileNameWithoutExtension(path);
            if (!BlobKeys.IsBlobKey(key))
            {
                continue;
            }
            var expiry = DateTimeOffset.MinValue;
            try
            {
                var text = await File.ReadAllTextAsync(PathOf(key, ExpirySuffix), cancellationToken);
                expiry = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(text, CultureInfo.InvariantCulture));
            }
            catch (Exception ex) when (ex is IOException or FormatException or OverflowException)
            {
                // No readable expiry: the blob was never created properly, so it is due now.
            }
            yield return new StoredBlob(key, expiry);
        }
    }

    /// <inheritdoc />
    public async Task SetExpiryAsync(string blobKey, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        if (File.Exists(PathOf(blobKey, BlobSuffix)))
        {
            await File.WriteAllTextAsync(PathOf(blobKey, ExpirySuffix), expiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), cancellationToken);
        }
    }

    private string PathOf(string blobKey, string suffix)
    {
        // The key is the whole file name: never a path, so never outside the folder.
        if (!BlobKeys.IsBlobKey(blobKey))
        {
            throw new ClusterException(ClusterErrorCode.InvalidArgument, "A blob key is 32 lowercase hex characters.");
        }
        return Path.Combine(_directory, blobKey + suffix);
    }
}
