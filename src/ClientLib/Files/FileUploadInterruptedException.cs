namespace Wickr.Cluster.ClientLib.Files;

/// <summary>
/// An upload stopped part-way (cancelled, or the gateway refused or was lost). <see cref="Upload"/> is the handle
/// to resume it with <c>WickrClient.ResumeUploadAsync</c>, or to dispose.
/// </summary>
public sealed class FileUploadInterruptedException : Exception
{
    /// <summary>An interrupted upload.</summary>
    public FileUploadInterruptedException(FileUpload upload, Exception innerException)
        : base($"the upload of blob {upload?.BlobId} stopped at {upload?.StoredBytes} of {upload?.EncryptedSize} bytes: {innerException?.Message}", innerException)
    {
        ArgumentNullException.ThrowIfNull(upload);
        Upload = upload;
    }

    /// <summary>Not used: an interrupted upload always has its handle.</summary>
    public FileUploadInterruptedException()
        : base("the upload stopped")
    {
        Upload = null!;
    }

    /// <summary>Not used: an interrupted upload always has its handle.</summary>
    public FileUploadInterruptedException(string message)
        : base(message)
    {
        Upload = null!;
    }

    /// <summary>Not used: an interrupted upload always has its handle.</summary>
    public FileUploadInterruptedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Upload = null!;
    }

    /// <summary>The upload, to resume or dispose.</summary>
    public FileUpload Upload { get; }
}
