namespace Wickr.Cluster.Grains.Interfaces.Files;

/// <summary>
/// One encrypted file (blob), keyed by its blob id (32 lowercase hex characters chosen at random by the gateway).
/// It holds who uploaded it, its declared size, the SHA-256 of its read token and the recipient nodes; the bytes
/// live in the blob store and pass through in chunks, never whole. The key never reaches the server.
/// </summary>
public interface IFileGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the upload of <paramref name="size"/> encrypted bytes by <paramref name="ownerNode"/> of
    /// <paramref name="ownerRoot"/>: checks the size cap and reserves the size in the user's quota. The file is kept
    /// for <paramref name="retentionSeconds"/> (0 or more than the silo's <c>Grains:Files:Retention</c>: that retention).
    /// </summary>
    Task<FileStatus> Create(string ownerRoot, string ownerNode, long size, byte[] readTokenHash, long retentionSeconds);

    /// <summary>
    /// Appends <paramref name="chunk"/> at <paramref name="offset"/>, which must equal the stored length (the
    /// upload's resume point); only the uploading node may append.
    /// </summary>
    Task<FileStatus> Append(string callerNode, long offset, byte[] chunk);

    /// <summary>The upload's progress, for its uploader.</summary>
    Task<FileStatus> Status(string callerNode);

    /// <summary>Names the nodes the file was sent to; once each of them has confirmed a download, the file is deleted.</summary>
    Task SetRecipients(string callerNode, string[] recipientNodes);

    /// <summary>The stored size of a complete file, for a caller holding the read token.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<long> Open(byte[] readToken);

    /// <summary>Up to <paramref name="count"/> bytes from <paramref name="offset"/>, for a caller holding the read token.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<byte[]> Read(byte[] readToken, long offset, int count);

    /// <summary>Records that <paramref name="node"/> (holding the read token) has the file; deletes it when every recipient has.</summary>
    Task ConfirmDownload(byte[] readToken, string node);

    /// <summary>Deletes the file when its retention has passed (or when the blob store holds bytes nobody owns).</summary>
    Task Expire();
}
