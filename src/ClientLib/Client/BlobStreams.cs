using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.ClientLib.Files;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Files;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>The streaming calls that move an encrypted file blob to and from the gateway, chunk by chunk.</summary>
internal sealed class BlobStreams(GatewayCalls gateway)
{
    /// <summary>Streams the encrypted file from the offset the server stored; throws when the server ends short.</summary>
    public async Task UploadAsync(FileUpload upload, int maxChunkBytes, IProgress<FileTransferProgress>? progress, CancellationToken cancellationToken)
    {
        // The server names its chunk limit; an absurd answer is clamped rather than trusted with memory.
        var buffer = new byte[Math.Clamp(maxChunkBytes, 16 * 1024, 4 * 1024 * 1024)];
        await using var input = new FileStream(upload.EncryptedPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        input.Position = upload.StoredBytes;
        var authorized = await gateway.AuthorizeAsync(cancellationToken);
        using var call = gateway.Files.Upload(authorized.Options);
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
            // The stream ends with its token (expired mid-upload, or the node removed): the next call authenticates again.
            if (ex.StatusCode == StatusCode.Unauthenticated)
            {
                gateway.Refused(authorized.Token);
            }

            throw WickrClientException.From(ex);
        }
    }

    /// <summary>Writes the blob <paramref name="file"/> names into <paramref name="encryptedPath"/>; returns how many bytes came.</summary>
    public async Task<long> DownloadAsync(FileDescriptor file, string encryptedPath, IProgress<FileTransferProgress>? progress, CancellationToken cancellationToken)
    {
        await using var output = Storage.PrivateFiles.Create(encryptedPath, FileMode.Create, 1, FileOptions.Asynchronous);
        var request = new DownloadRequest { BlobId = file.BlobId, ReadToken = ByteString.CopyFrom(file.ReadToken), Offset = 0 };
        using var call = gateway.Files.Download(request, (await gateway.AuthorizeAsync(cancellationToken)).Options);
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
}
