using Orleans.Concurrency;

namespace Wickr.Cluster.Grains.Interfaces.Files;

/// <summary>
/// One encrypted file (blob), keyed by its blob key (<see cref="BlobKeys.ForBlob"/> of the id the gateway chose at
/// random). It holds who uploaded it, its declared size, the SHA-256 of its read token and the recipient nodes; the
/// bytes live in the blob store and pass through in chunks, never whole. The key never reaches the server.
/// </summary>
[Alias("wickr.file.v1")]
public interface IFileGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the upload of <paramref name="size"/> encrypted bytes by <paramref name="ownerNodeIdentifier"/> of
    /// <paramref name="ownerRootIdentifier"/>: checks the size cap and reserves the size in the user's quota. The file is
    /// kept for <paramref name="retentionSeconds"/> (0 or more than the silo's <c>Grains:Files:Retention</c>: that retention).
    /// </summary>
    /// <param name="ownerRootIdentifier">The uploading user's root identifier (1 to 127 bytes).</param>
    /// <param name="ownerNodeIdentifier">The uploading node (32 bytes): the only one that may append.</param>
    /// <param name="size">The declared encrypted size.</param>
    /// <param name="readTokenHash">SHA-256 of the read token (<see cref="FileLimits.ReadTokenBytes"/> bytes).</param>
    /// <param name="retentionSeconds">How long to keep the file; 0 for the silo's retention.</param>
    [Alias("create")]
    Task<FileStatus> CreateAsync(byte[] ownerRootIdentifier, byte[] ownerNodeIdentifier, long size, byte[] readTokenHash, long retentionSeconds);

    /// <summary>
    /// Appends <paramref name="chunk"/> at <paramref name="offset"/>, which must equal the stored length (the
    /// upload's resume point); only the uploading node may append.
    /// </summary>
    /// <param name="callerNodeIdentifier">The calling node (32 bytes).</param>
    /// <param name="offset">Where the chunk goes: the stored length.</param>
    /// <param name="chunk">1 to <see cref="FileLimits.ChunkBytes"/> bytes.</param>
    [Alias("append")]
    Task<FileStatus> AppendAsync(byte[] callerNodeIdentifier, long offset, byte[] chunk);

    /// <summary>The upload's progress, for its uploader.</summary>
    /// <param name="callerNodeIdentifier">The calling node (32 bytes).</param>
    [Alias("get-upload-status")]
    Task<FileStatus> GetUploadStatusAsync(byte[] callerNodeIdentifier);

    /// <summary>Names the nodes the file was sent to; once each of them has confirmed a download, the file is deleted.</summary>
    /// <param name="callerNodeIdentifier">The calling node (32 bytes): the uploader.</param>
    /// <param name="recipientNodeIdentifiers">1 to <see cref="FileLimits.MaxRecipients"/> node identifiers (32 bytes each).</param>
    [Alias("set-recipients")]
    Task SetRecipientsAsync(byte[] callerNodeIdentifier, byte[][] recipientNodeIdentifiers);

    /// <summary>The stored size of a complete file, for a caller holding the read token.</summary>
    /// <param name="readToken">The read token (<see cref="FileLimits.ReadTokenBytes"/> bytes).</param>
    [ReadOnly]
    [Alias("open")]
    Task<long> OpenAsync(byte[] readToken);

    /// <summary>Up to <paramref name="count"/> bytes from <paramref name="offset"/>, for a caller holding the read token.</summary>
    /// <param name="readToken">The read token.</param>
    /// <param name="offset">Where to start.</param>
    /// <param name="count">1 to <see cref="FileLimits.ChunkBytes"/>.</param>
    [ReadOnly]
    [Alias("read")]
    Task<byte[]> ReadAsync(byte[] readToken, long offset, int count);

    /// <summary>Records that a node holding the read token has the file; deletes it when every recipient has.</summary>
    /// <param name="readToken">The read token.</param>
    /// <param name="nodeIdentifier">The node that downloaded the file (32 bytes).</param>
    [Alias("confirm-download")]
    Task ConfirmDownloadAsync(byte[] readToken, byte[] nodeIdentifier);

    /// <summary>
    /// Deletes the file at its uploader's request, complete or not, and gives its quota charge back; a file already gone
    /// is NotFound, another node's PermissionDenied.
    /// </summary>
    /// <param name="callerNodeIdentifier">The calling node (32 bytes): the uploading one.</param>
    [Alias("cancel")]
    Task CancelAsync(byte[] callerNodeIdentifier);

    /// <summary>Deletes the file when its retention has passed (or when the blob store holds bytes nobody owns).</summary>
    [Alias("expire")]
    Task ExpireAsync();
}
