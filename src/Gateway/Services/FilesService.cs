using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Auth;
using Wickr.Cluster.Gateway.Errors;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Interfaces.Files;

namespace Wickr.Cluster.Gateway.Services;

/// <summary>
/// Files: chunked, resumable upload of encrypted files and download by capability (read token). Bytes pass through
/// in chunks of at most <see cref="FileLimits.ChunkBytes"/>; nothing here holds a whole file. Streams end with their
/// rights: each chunk is authenticated again, so an expired token or a removed node stops the stream.
/// </summary>
internal sealed class FilesService(IGrainFactory grains, DeviceAuthenticator authenticator) : Api.V1.Files.FilesBase
{
    public override async Task<CreateUploadResponse> CreateUpload(CreateUploadRequest request, ServerCallContext context)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (request.ReadTokenHash.Length != FileLimits.ReadTokenBytes)
        {
            throw GatewayErrors.Invalid($"read_token_hash: a read token hash has {FileLimits.ReadTokenBytes} bytes, not {request.ReadTokenHash.Length}.");
        }
        if (request.Size < 1)
        {
            throw GatewayErrors.Invalid($"size: a file has at least 1 encrypted byte, not {request.Size}.");
        }
        var blobId = BlobKeys.NewId();
        var status = await grains.GetFileGrain(blobId).CreateAsync(
            caller.RootIdentifier, caller.NodeIdentifier, request.Size, request.ReadTokenHash.ToByteArray(), request.RetentionSeconds);
        return new CreateUploadResponse { BlobId = BlobKeys.ForBlob(blobId), ExpiresAtUnixMs = status.ExpiresAtUnixMs };
    }

    public override async Task<UploadStatus> Upload(IAsyncStreamReader<UploadChunk> requestStream, ServerCallContext context)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        IFileGrain? file = null;
        FileStatus? status = null;
        long offset = 0;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var chunk = requestStream.Current;
            if (file is null)
            {
                file = grains.GetFileGrain(BlobId(chunk.BlobId));
                offset = chunk.Offset;
            }
            if (chunk.Data.Length is < 1 or > FileLimits.ChunkBytes)
            {
                throw GatewayErrors.Invalid($"data: a chunk has 1 to {FileLimits.ChunkBytes} bytes, not {chunk.Data.Length}.");
            }

            // The stream lasts no longer than its rights: every chunk is checked against the token's expiry and the
            // node's registration (as Subscribe is), so a removed device or an expired token stores nothing more.
            caller = await authenticator.AuthenticateAsync(context);

            // Awaited one at a time: when the call returns, the chunk is stored, so the resume point is exact.
            status = await file.AppendAsync(caller.NodeIdentifier, offset, chunk.Data.ToByteArray());
            offset = status.StoredBytes;
        }
        if (file is null)
        {
            throw GatewayErrors.Invalid("An upload stream carries at least one chunk.");
        }
        return Reply(status!);
    }

    public override async Task<UploadStatus> GetUploadStatus(GetUploadStatusRequest request, ServerCallContext context)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        return Reply(await grains.GetFileGrain(BlobId(request.BlobId)).GetUploadStatusAsync(caller.NodeIdentifier));
    }

    public override async Task<SetRecipientsResponse> SetRecipients(SetRecipientsRequest request, ServerCallContext context)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        var file = grains.GetFileGrain(BlobId(request.BlobId));
        var nodes = Validation.Door.DistinctNodeIdentifiers(request.RecipientNodeIdentifiers, FileLimits.MaxRecipients, "recipient_node_identifiers");
        await file.SetRecipientsAsync(caller.NodeIdentifier, nodes);
        return new SetRecipientsResponse();
    }

    public override async Task Download(DownloadRequest request, IServerStreamWriter<DownloadChunk> responseStream, ServerCallContext context)
    {
        await authenticator.AuthenticateAsync(context);
        var file = grains.GetFileGrain(BlobId(request.BlobId));
        var token = ReadToken(request.ReadToken);
        var size = await file.OpenAsync(token);
        if (request.Offset < 0 || request.Offset > size)
        {
            throw GatewayErrors.Invalid($"offset: a download starts between 0 and the file's size {size}, not at {request.Offset}.");
        }

        // One chunk read ahead while the previous one is written, so the silo and the network overlap.
        var offset = request.Offset;
        var next = offset < size ? file.ReadAsync(token, offset, FileLimits.ChunkBytes) : null;
        var first = true;
        while (next is not null)
        {
            var data = await next;
            if (data.Length == 0)
            {
                // The store holds fewer bytes than declared (damaged storage): end here; the client sees the
                // shortfall against the size in its message and refuses the file.
                break;
            }
            offset += data.Length;
            next = offset < size ? file.ReadAsync(token, offset, FileLimits.ChunkBytes) : null;

            // No chunk leaves after the token expired or the node was removed.
            await authenticator.AuthenticateAsync(context);
            await responseStream.WriteAsync(new DownloadChunk { Size = first ? size : 0, Data = UnsafeByteOperations.UnsafeWrap(data) }, context.CancellationToken);
            first = false;
        }
        if (first)
        {
            await responseStream.WriteAsync(new DownloadChunk { Size = size }, context.CancellationToken);
        }
    }

    public override async Task<ConfirmDownloadResponse> ConfirmDownload(ConfirmDownloadRequest request, ServerCallContext context)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        await grains.GetFileGrain(BlobId(request.BlobId)).ConfirmDownloadAsync(ReadToken(request.ReadToken), caller.NodeIdentifier);
        return new ConfirmDownloadResponse();
    }

    public override async Task<CancelUploadResponse> CancelUpload(CancelUploadRequest request, ServerCallContext context)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        await grains.GetFileGrain(BlobId(request.BlobId)).CancelAsync(caller.NodeIdentifier);
        return new CancelUploadResponse();
    }

    // On the wire a blob id is its blob key (lowercase hex); the grains take the bytes.
    private static byte[] BlobId(string value) => BlobKeys.IsBlobKey(value)
        ? Convert.FromHexString(value)
        : throw GatewayErrors.Invalid($"blob_id: a blob id is {BlobKeys.Length} lowercase hex characters.");

    private static byte[] ReadToken(ByteString value) => value.Length == FileLimits.ReadTokenBytes
        ? value.ToByteArray()
        : throw GatewayErrors.Invalid($"read_token: a read token has {FileLimits.ReadTokenBytes} bytes, not {value.Length}.");

    private static UploadStatus Reply(FileStatus status) => new()
    {
        BlobId = BlobKeys.ForBlob(status.BlobId),
        Size = status.Size,
        StoredBytes = status.StoredBytes,
        Complete = status.Complete,
        MaxChunkBytes = FileLimits.ChunkBytes,
    };
}
