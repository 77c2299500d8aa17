namespace Wickr.Cluster.Grains.Storage.Blobs;

/// <summary>
/// Where encrypted files live, named by their blob keys (<see cref="Interfaces.Files.BlobKeys"/>): append-only blobs
/// written in chunks at their stored length (so an interrupted upload continues from the last stored offset) and read
/// by range. Never holds a whole file in memory. One backend per mode: files under the data folder (embedded), Azure
/// block blobs (cluster). Callers serialise writes per blob (the file grain does).
/// </summary>
public interface IBlobStore
{
    /// <summary>Creates an empty blob that is deleted by the retention sweep after <paramref name="expiresAt"/>; a no-op if it exists.</summary>
    Task CreateAsync(string blobKey, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>The stored length, or -1 when there is no such blob.</summary>
    Task<long> LengthAsync(string blobKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends <paramref name="data"/> when <paramref name="offset"/> is the stored length and returns the new length;
    /// otherwise stores nothing and returns the stored length unchanged (-1 when the blob does not exist). An appended
    /// chunk survives the process; <paramref name="complete"/> (the blob's last chunk) also makes it survive power loss.
    /// </summary>
    Task<long> AppendAsync(string blobKey, long offset, ReadOnlyMemory<byte> data, bool complete, CancellationToken cancellationToken = default);

    /// <summary>Reads up to <paramref name="buffer"/>'s length from <paramref name="offset"/>; returns how many bytes (0 at the end).</summary>
    Task<int> ReadAsync(string blobKey, long offset, Memory<byte> buffer, CancellationToken cancellationToken = default);

    /// <summary>Deletes the blob; a no-op if it is gone.</summary>
    Task DeleteAsync(string blobKey, CancellationToken cancellationToken = default);

    /// <summary>Moves the expiry the retention sweep sees for a blob (a no-op for a blob that is gone).</summary>
    Task SetExpiryAsync(string blobKey, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>Every blob with its expiry time, for the retention sweep.</summary>
    IAsyncEnumerable<StoredBlob> ListAsync(CancellationToken cancellationToken = default);
}
