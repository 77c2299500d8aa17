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
/// in chunks of at most <see cref="FileLimits.ChunkBytes"/>; nothing here holds a whole file.
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
        var blobId = BlobKeys.New();
        var status = await grains.GetGrain<IFileGrain>(blobId).Create(
            GrainKeys.ForRoot(caller.RootIdentifier), GrainKeys.ForNode(caller.NodeIdentifier), request.Size, request.ReadTokenHash.ToByteArray(), request.RetentionSeconds);
        return new CreateUploadResponse { BlobId = blobId, ExpiresAtUnixMs = status.ExpiresAtUnixMs };
    }

    public override async Task<UploadStatus> Upload(IAsyncStreamReader<UploadChunk> requestStream, ServerCallContext context)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        var node = GrainKeys.ForNode(caller.NodeIdentifier);
        IFileGrain? file = null;
        FileStatus? status = null;
        long offset = 0;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var chunk = requestStream.Current;
            if (file is null)
            {
                file = grains.GetGrain<IFileGrain>(BlobId(chunk.BlobId));
                offset = chunk.Offset;
            }
            if (chunk.Data.Length is < 1 or > FileLimits.ChunkBytes)
            {
                throw GatewayErrors.Invalid($"data: a chunk has 1 to {FileLimits.ChunkBytes} bytes, not {chunk.Data.Length}.");
            }

            // Awaited one at a time: when the call returns, the chunk is stored, so the resume point is exact.
            status = await file.Append(node, offset, chunk.Data.ToByteArray());
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
        return Reply(await grains.GetGrain<IFileGrain>(BlobId(request.BlobId)).Status(GrainKeys.ForNode(caller.NodeIdentifier)));
    }

    public override async Task<SetRecipientsResponse> SetRecipients(SetRecipientsRequest request, ServerCallContext context)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        var file = grains.GetGrain<IFileGrain>(BlobId(request.BlobId));
        var nodes = Validation.Door.DistinctNodeIdentifiers(request.RecipientNodeIdentifiers, FileLimits.MaxRecipients, "recipient_node_identifiers");
        await file.SetRecipients(GrainKeys.ForNode(caller.NodeIdentifier), [.. nodes.Select(n => GrainKeys.ForNode(n))]);
        return new SetRecipientsResponse();
    }

    public override async Task Download(DownloadRequest request, IServerStreamWriter<DownloadChunk> responseStream, ServerCallContext context)
    {
        await authenticator.AuthenticateAsync(context);
        var file = grains.GetGrain<IFileGrain>(BlobId(request.BlobId));
        var token = ReadToken(request.ReadToken);
        var size = await file.Open(token);
        if (request.Offset < 0 || request.Offset > size)
        {
            throw GatewayErrors.Invalid($"offset: a download starts between 0 and the file's size {size}, not at {request.Offset}.");
        }

        // One chunk read ahead while the previous one is written, so the silo and the network overlap.
        var offset = request.Offset;
        var next = offset < size ? file.Read(token, offset, FileLimits.ChunkBytes) : null;
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
            next = offset < size ? file.Read(token, offset, FileLimits.ChunkBytes) : null;
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
        await grains.GetGrain<IFileGrain>(BlobId(request.BlobId)).ConfirmDownload(ReadToken(request.ReadToken), GrainKeys.ForNode(caller.NodeIdentifier));
        return new ConfirmDownloadResponse();
    }

    private static string BlobId(string value) => BlobKeys.IsBlobId(value)
        ? value
        : throw GatewayErrors.Invalid($"blob_id: a blob id is {BlobKeys.Length} lowercase hex characters.");

    private static byte[] ReadToken(ByteString value) => value.Length == FileLimits.ReadTokenBytes
        ? value.ToByteArray()
        : throw GatewayErrors.Invalid($"read_token: a read token has {FileLimits.ReadTokenBytes} bytes, not {value.Length}.");

    private static UploadStatus Reply(FileStatus status) => new()
    {
        BlobId = status.BlobId,
        Size = status.Size,
        StoredBytes = status.StoredBytes,
        Complete = status.Complete,
        MaxChunkBytes = FileLimits.ChunkBytes,
    };
}
