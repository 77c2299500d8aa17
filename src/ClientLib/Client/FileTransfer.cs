using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.ClientLib.Files;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Files;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// File transfer, the paper's extension: the file is encrypted here under a fresh key (the reference's file cipher),
/// uploaded as an opaque blob in chunks, and the blob id, key, digest, name, size and a read token travel to the
/// recipients inside an ordinary encrypted message. Recipients download by that capability, verify the tag and the
/// digest, and only then see the plaintext.
/// </summary>
internal sealed class FileTransfer(GatewayCalls gateway, WickrClientOptions options, MessageDispatcher dispatcher)
{
    private const int UploadAttempts = 4;
    private readonly BlobStreams _blobs = new(gateway);

    /// <summary>Uploads the file at <paramref name="path"/> and sends it; the temporary encrypted copy goes either way.</summary>
    public async Task<FileSendResult> SendAsync(
        IReadOnlyCollection<byte[]> recipientRootIdentifiers, string path, IProgress<FileTransferProgress>? progress, CancellationToken cancellationToken, byte[]? channelTag = null)
    {
        using var upload = await UploadAsync(path, progress, null, cancellationToken);
        return await SendAsync(recipientRootIdentifiers, upload, cancellationToken, channelTag);
    }

    /// <summary>Encrypts the file into a temporary file, creates the blob and uploads it; an interrupted upload throws <see cref="FileUploadInterruptedException"/>.</summary>
    public async Task<FileUpload> UploadAsync(string path, IProgress<FileTransferProgress>? progress, TimeSpan? retention, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var size = new FileInfo(path).Length;
        var encryptedPath = TemporaryPath("wickr-up-");
        var token = RandomNumberGenerator.GetBytes(FileDescriptor.ReadTokenSize);
        byte[]? encodedKey = null;
        FileUpload? upload = null;
        try
        {
            FileSeal seal;
            using (var key = CipherKey.Generate())
            {
                encodedKey = key.Encode();
                seal = await FileCipherFiles.EncryptFileAsync(path, encryptedPath, key, StageProgress.For(progress, FileTransferStage.Encrypting, size), cancellationToken);
            }
            var created = await gateway.CallAsync(o => gateway.Files.CreateUploadAsync(new CreateUploadRequest
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
    /// Uploads from the offset the server confirms, retrying a lost connection or an expired token a few times (a
    /// removed node fails again at the status call, with its own message).
    /// </summary>
    public async Task ResumeUploadAsync(FileUpload upload, IProgress<FileTransferProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        for (var attempt = 1; ; attempt++)
        {
            var status = await gateway.CallAsync(o => gateway.Files.GetUploadStatusAsync(new GetUploadStatusRequest { BlobId = upload.BlobId }, o), cancellationToken);
            upload.StoredBytes = status.StoredBytes;
            if (status.Complete)
            {
                progress?.Report(new FileTransferProgress(FileTransferStage.Uploading, status.StoredBytes, status.Size));
                return;
            }
            try
            {
                await _blobs.UploadAsync(upload, status.MaxChunkBytes, progress, cancellationToken);
                return;
            }
            catch (WickrClientException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal
                    or StatusCode.Unauthenticated // the stream outlived its token: resume with a fresh one
                && attempt < UploadAttempts && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(options.RetryDelay, options.TimeProvider, cancellationToken);
            }
        }
    }

    /// <summary>Sends the message that describes an uploaded file, then names the nodes that got it to the server.</summary>
    public async Task<FileSendResult> SendAsync(IReadOnlyCollection<byte[]> recipientRootIdentifiers, FileUpload upload, CancellationToken cancellationToken, byte[]? channelTag = null)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (!upload.Complete)
        {
            throw new WickrException(WickrError.InvalidState, $"the file is not fully uploaded ({upload.StoredBytes} of {upload.EncryptedSize} bytes); resume the upload first");
        }
        var body = FileBody.Encode(upload.Descriptor, options.TimeProvider.GetUtcNow());
        SendResult sent;
        try
        {
            sent = await dispatcher.SendAsync(recipientRootIdentifiers, new PlainMessage(new PacketMetadata(0, 0, channelTag ?? [], FileDescriptor.ContentType), body), null, cancellationToken);
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
            await gateway.CallAsync(o => gateway.Files.SetRecipientsAsync(request, o), cancellationToken);
        }
        return new FileSendResult(upload.BlobId, sent);
    }

    /// <summary>Downloads, checks the size, decrypts (tag and digest) into place, then confirms the download to the server.</summary>
    public async Task<FileSeal> DownloadAsync(FileDescriptor file, string outputPath, IProgress<FileTransferProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        var encryptedPath = Storage.PrivateFiles.ScratchPath(options.ScratchFolder, ".enc");
        try
        {
            var received = await _blobs.DownloadAsync(file, encryptedPath, progress, cancellationToken);
            if (received != file.EncryptedSize)
            {
                throw new WickrException(WickrError.Decrypt,
                    $"the server's blob has {received} bytes but the message says the encrypted file has {file.EncryptedSize}: it was truncated or extended");
            }
            FileSeal seal;
            using (var key = file.Key())
            {
                seal = await FileCipherFiles.DecryptFileAsync(
                    encryptedPath, outputPath, key, file.Digest, StageProgress.For(progress, FileTransferStage.Decrypting, file.Size), cancellationToken,
                    options.ScratchFolder);
            }
            await gateway.CallAsync(o => gateway.Files.ConfirmDownloadAsync(new ConfirmDownloadRequest
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

    private static string TemporaryPath(string prefix)
        => Path.Combine(Path.GetTempPath(), prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + ".enc");
}
