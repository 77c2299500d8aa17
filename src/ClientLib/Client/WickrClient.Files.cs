using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.ClientLib.Crypto;
using Wickr.Cluster.ClientLib.Files;
using Wickr.Cluster.ClientLib.Packets;
using Wickr.Cluster.Protocol.V1;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// File transfer, the paper's extension: the file is encrypted here under a fresh key (the reference's file cipher),
/// uploaded as an opaque blob in chunks, and the blob id, key, digest, name, size and a read token travel to the
/// recipients inside an ordinary encrypted message. Recipients download by that capability, verify the tag and the
/// digest, and only then see the plaintext.
/// </summary>
public sealed partial class WickrClient
{
    private const int UploadAttempts = 4;
    private Protocol.V1.Files.FilesClient? _files;

    private Protocol.V1.Files.FilesClient FilesApi => _files ??= new Protocol.V1.Files.FilesClient(Transport);

    /// <summary>
    /// Encrypts the file at <paramref name="path"/>, uploads it and sends it to every device of
    /// <paramref name="recipientRootIdentifiers"/> (and this user's other devices); then tells the server which
    /// nodes got it, so the blob is deleted once they all downloaded it. Progress: encrypting, then uploading.
    /// </summary>
    public async Task<FileSendResult> SendFileAsync(
        IReadOnlyCollection<byte[]> recipientRootIdentifiers, string path, IProgress<FileTransferProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        using var upload = await UploadFileAsync(path, progress, null, cancellationToken);
        return await SendFileAsync(recipientRootIdentifiers, upload, cancellationToken);
    }

    /// <summary>
    /// Encrypts the file at <paramref name="path"/> into a temporary file and uploads it. If the upload is
    /// interrupted (cancelled, connection lost), <see cref="ResumeUploadAsync"/> continues from the last stored
    /// offset; the returned handle (or the exception's, see <see cref="FileUploadInterruptedException"/>) carries it.
    /// </summary>
    /// <param name="path">The file to send.</param>
    /// <param name="progress">Encrypting, then uploading.</param>
    /// <param name="retention">Delete the blob after this long even if not every recipient downloaded it (null: the server's retention, which also caps it).</param>
    /// <param name="cancellationToken">Stops the transfer; the handle in the exception resumes it.</param>
    public async Task<FileUpload> UploadFileAsync(
        string path, IProgress<FileTransferProgress>? progress = null, TimeSpan? retention = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var size = new FileInfo(path).Length;
        var encryptedPath = Path.Combine(Path.GetTempPath(), "wickr-up-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + ".enc");
        var token = RandomNumberGenerator.GetBytes(FileDescriptor.ReadTokenSize);
        byte[]? encodedKey = null;
        FileUpload? upload = null;
        try
        {
            FileSeal seal;
            using (var key = CipherKey.Generate())
            {
                encodedKey = key.Encode();
                seal = await FileCipher.EncryptFileAsync(path, encryptedPath, key, Report(progress, FileTransferStage.Encrypting, size), cancellationToken);
            }
            var created = await CallAsync(o => FilesApi.CreateUploadAsync(new CreateUploadRequest
            {
                Size = FileCipher.EncryptedSize(seal.Length),
                ReadTokenHash = ByteString.CopyFrom(FileUpload.HashToken(token)),
                RetentionSeconds = retention is { } r ? Math.Max(1, (long)Math.Ceiling(r.TotalSeconds)) : 0,
            }, o), cancellationToken);
            upload = new FileUpload(encryptedPath, new FileDescriptor(created.BlobId, encodedKey, seal.Digest, Path.GetFileName(path), seal.Length, token));
        }
        catch
        {
            File.Delete(encryptedPath);
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(token);
            if (encodedKey is not null)
            {
                CryptographicOperations.ZeroMemory(encodedKey);
            }
        }

        try
        {
            await ResumeUploadAsync(upload, progress, cancellationToken);
            return upload;
        }
        catch (Exception ex) when (ex is OperationCanceledException or WickrClientException)
        {
            throw new FileUploadInterruptedException(upload, ex);
        }
    }

    /// <summary>
    /// Uploads what the server does not have yet: asks for the stored offset and streams from there. Retries a lost
    /// connection a few times, each time from the offset the server confirms.
    /// </summary>
    public async Task ResumeUploadAsync(FileUpload upload, IProgress<FileTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        for (var attempt = 1; ; attempt++)
        {
            var status = await CallAsync(o => FilesApi.GetUploadStatusAsync(new GetUploadStatusRequest { BlobId = upload.BlobId }, o), cancellationToken);
            upload.StoredBytes = status.StoredBytes;
            if (status.Complete)
            {
                progress?.Report(new FileTransferProgress(FileTransferStage.Uploading, status.StoredBytes, status.Size));
                return;
            }
            try
            {
                await StreamUploadAsync(upload, status.MaxChunkBytes, progress, cancellationToken);
                return;
            }
            catch (WickrClientException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal
                && attempt < UploadAttempts && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(_options.RetryDelay, _options.TimeProvider, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Sends the message for an uploaded file (<see cref="UploadFileAsync"/>) to every device of
    /// <paramref name="recipientRootIdentifiers"/>, then names the nodes that got it to the server.
    /// </summary>
    public async Task<FileSendResult> SendFileAsync(IReadOnlyCollection<byte[]> recipientRootIdentifiers, FileUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (!upload.Complete)
        {
            throw new WickrException(WickrError.InvalidState, $"the file is not fully uploaded ({upload.StoredBytes} of {upload.EncryptedSize} bytes); resume the upload first");
        }
        var body = upload.Descriptor.Encode();
        SendResult sent;
        try
        {
            sent = await SendAsync(recipientRootIdentifiers, new PlainMessage(new PacketMetadata(0, 0, [], FileDescriptor.ContentType), body), null, cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(body);
        }
        var queued = sent.Deliveries.Where(d => d.State is DeliveryState.Queued or DeliveryState.Duplicate).Select(d => Convert.FromHexString(d.NodeIdentifierHex)).ToList();
        if (queued.Count > 0)
        {
            var request = new SetRecipientsRequest { BlobId = upload.BlobId };
            request.RecipientNodeIdentifiers.AddRange(queued.Select(ByteString.CopyFrom));
            await CallAsync(o => FilesApi.SetRecipientsAsync(request, o), cancellationToken);
        }
        return new FileSendResult(upload.BlobId, sent);
    }

    /// <summary>
    /// Downloads the file a message describes into <paramref name="outputPath"/>: the encrypted blob goes to a
    /// temporary file, is decrypted into another, and the plaintext is moved into place only after the tag and the
    /// digest verify; then the server is told this node has it. A changed, truncated, extended or reordered blob
    /// throws <see cref="WickrException"/> (<see cref="WickrError.Decrypt"/>) and leaves nothing at the path.
    /// </summary>
    public async Task<FileSeal> DownloadFileAsync(
        FileDescriptor file, string outputPath, IProgress<FileTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        var encryptedPath = Path.Combine(Path.GetTempPath(), "wickr-down-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + ".enc");
        try
        {
            var received = await DownloadBlobAsync(file, encryptedPath, progress, cancellationToken);
            if (received != file.EncryptedSize)
            {
                throw new WickrException(WickrError.Decrypt,
                    $"the server's blob has {received} bytes but the message says the encrypted file has {file.EncryptedSize}: it was truncated or extended");
            }
            FileSeal seal;
            using (var key = file.Key())
            {
                seal = await FileCipher.DecryptFileAsync(encryptedPath, outputPath, key, file.Digest, Report(progress, FileTransferStage.Decrypting, file.Size), cancellationToken);
            }
            await CallAsync(o => FilesApi.ConfirmDownloadAsync(new ConfirmDownloadRequest
            {
                BlobId = file.BlobId,
                ReadToken = ByteString.CopyFrom(file.ReadToken),
            }, o), cancellationToken);
            return seal;
        }
        finally
        {
            File.Delete(encryptedPath);
        }
    }

    private async Task StreamUploadAsync(FileUpload upload, int maxChunkBytes, IProgress<FileTransferProgress>? progress, CancellationToken cancellationToken)
    {
        // The server names its chunk limit; an absurd answer is clamped rather than trusted with memory.
        var buffer = new byte[Math.Clamp(maxChunkBytes, 16 * 1024, 4 * 1024 * 1024)];
        await using var input = new FileStream(upload.EncryptedPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        input.Position = upload.StoredBytes;
        using var call = FilesApi.Upload(await AuthorizedAsync(cancellationToken));
        try
        {
            var offset = upload.StoredBytes;
            var first = true;
            int read;
            while ((read = await input.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken)) > 0)
            {
                var chunk = new UploadChunk { Data = UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(0, read)) };
                if (first)
                {
                    chunk.BlobId = upload.BlobId;
                    chunk.Offset = offset;
                    first = false;
                }

                // The write completes once the chunk is serialized, so the buffer can be refilled.
                await call.RequestStream.WriteAsync(chunk, cancellationToken);
                offset += read;
                progress?.Report(new FileTransferProgress(FileTransferStage.Uploading, offset, upload.EncryptedSize));
            }
            await call.RequestStream.CompleteAsync();
            var status = await call.ResponseAsync;
            upload.StoredBytes = status.StoredBytes;
            if (!status.Complete)
            {
                throw new WickrException(WickrError.InvalidState, $"the server stored {status.StoredBytes} of {status.Size} bytes");
            }
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("the upload was cancelled", ex, cancellationToken);
        }
        catch (RpcException ex)
        {
            throw WickrClientException.From(ex);
        }
    }

    private async Task<long> DownloadBlobAsync(FileDescriptor file, string encryptedPath, IProgress<FileTransferProgress>? progress, CancellationToken cancellationToken)
    {
        await using var output = new FileStream(encryptedPath, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        var request = new DownloadRequest { BlobId = file.BlobId, ReadToken = ByteString.CopyFrom(file.ReadToken), Offset = 0 };
        using var call = FilesApi.Download(request, await AuthorizedAsync(cancellationToken));
        long received = 0;
        long total = file.EncryptedSize;
        try
        {
            await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                if (chunk.Size > 0)
                {
                    total = chunk.Size;
                }

                // Never write more than the message promised: a server cannot fill the disk.
                if (received + chunk.Data.Length > file.EncryptedSize)
                {
                    throw new WickrException(WickrError.Decrypt,
                        $"the server's blob is longer than the {file.EncryptedSize} bytes the message says: it was extended");
                }
                await output.WriteAsync(chunk.Data.Memory, cancellationToken);
                received += chunk.Data.Length;
                progress?.Report(new FileTransferProgress(FileTransferStage.Downloading, received, total));
            }
        }
        catch (RpcException ex)
        {
            throw WickrClientException.From(ex);
        }
        await output.FlushAsync(cancellationToken);
        return received;
    }

    private async Task<CallOptions> AuthorizedAsync(CancellationToken cancellationToken)
    {
        var token = await Session.TokenAsync(cancellationToken);
        return new CallOptions(AuthSession.Headers(token), cancellationToken: cancellationToken);
    }

    private static IProgress<long>? Report(IProgress<FileTransferProgress>? progress, FileTransferStage stage, long total)
        => progress is null ? null : new StageProgress(progress, stage, total);

    private sealed class StageProgress(IProgress<FileTransferProgress> progress, FileTransferStage stage, long total) : IProgress<long>
    {
        public void Report(long value) => progress.Report(new FileTransferProgress(stage, value, total));
    }
}
