using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Tests.Fixtures;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Interfaces.Files;

namespace Wickr.Cluster.Gateway.Tests.Services;

/// <summary>
/// File streams end with their rights, as Subscribe does: an upload stream opened before its device was removed, or
/// before its token expired, stores no further chunk; the user's other device still uploads.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class FileStreamRightsTests(GatewayFixture fixture)
{
    private const int Chunk = 1024;

    private Api.V1.Files.FilesClient Files => new(fixture.Gateway.Channel);

    [Fact]
    public async Task A_removed_devices_upload_stream_is_cut_and_the_other_device_still_uploads()
    {
        var owner = await fixture.Clients.NewDeviceAsync();
        var stolen = await fixture.Clients.NewDeviceAsync(owner.User);
        var blobId = (await Files.CreateUploadAsync(Create(3 * Chunk), stolen.Headers)).BlobId;

        using var upload = Files.Upload(stolen.Headers);
        await upload.RequestStream.WriteAsync(Piece(blobId, 0));
        await StoredAsync(blobId, stolen, Chunk);

        // The owner removes the stolen device from its other one; the open stream's next chunks are refused.
        await fixture.Clients.Accounts.RemoveNodeAsync(owner.User.RemoveNodeRequest(stolen, fixture.Time.GetUtcNow()));
        await WriteUntilRefusedAsync(upload, Piece(blobId, Chunk), Piece(blobId, 2 * Chunk));
        var cut = await Assert.ThrowsAsync<RpcException>(() => upload.ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, cut.StatusCode);
        Assert.Contains("no longer registered", cut.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(Chunk, (await fixture.Client.GetFileGrain(Convert.FromHexString(blobId)).GetUploadStatusAsync(stolen.NodeIdentifier)).StoredBytes);

        // The owner's device is untouched.
        var own = (await Files.CreateUploadAsync(Create(Chunk), owner.Headers)).BlobId;
        using var ownUpload = Files.Upload(owner.Headers);
        await ownUpload.RequestStream.WriteAsync(Piece(own, 0));
        await ownUpload.RequestStream.CompleteAsync();
        Assert.True((await ownUpload).Complete);
    }

    [Fact]
    public async Task An_upload_stream_ends_when_its_token_expires()
    {
        var device = await fixture.Clients.NewDeviceAsync();
        var blobId = (await Files.CreateUploadAsync(Create(2 * Chunk), device.Headers)).BlobId;

        using var upload = Files.Upload(device.Headers);
        await upload.RequestStream.WriteAsync(Piece(blobId, 0));
        await StoredAsync(blobId, device, Chunk);

        fixture.Time.Advance(TestLimits.TokenLifetime + TimeSpan.FromSeconds(1));
        await WriteUntilRefusedAsync(upload, Piece(blobId, Chunk));
        var cut = await Assert.ThrowsAsync<RpcException>(() => upload.ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, cut.StatusCode);
        Assert.Contains("expired", cut.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(Chunk, (await fixture.Client.GetFileGrain(Convert.FromHexString(blobId)).GetUploadStatusAsync(device.NodeIdentifier)).StoredBytes);
    }

    // Once the server has ended the call, a write may fail on the closed stream (as Cancelled) before the status is read;
    // the call's status is what the response carries.
    private static async Task WriteUntilRefusedAsync(AsyncClientStreamingCall<UploadChunk, UploadStatus> upload, params UploadChunk[] pieces)
    {
        try
        {
            foreach (var piece in pieces)
            {
                await upload.RequestStream.WriteAsync(piece);
            }

            await upload.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The response below says why.
        }
        catch (InvalidOperationException)
        {
            // Writing after the call completed.
        }
    }

    private static CreateUploadRequest Create(long size) => new()
    {
        Size = size,
        ReadTokenHash = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(FileLimits.ReadTokenBytes)),
    };

    private static UploadChunk Piece(string blobId, long offset) => new()
    {
        BlobId = blobId,
        Offset = offset,
        Data = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(Chunk)),
    };

    // The first chunk is stored before the rights change (the stream carries it on its own schedule).
    private async Task StoredAsync(string blobId, TestDevice device, long bytes)
    {
        var file = fixture.Client.GetFileGrain(Convert.FromHexString(blobId));
        for (var i = 0; i < 500 && (await file.GetUploadStatusAsync(device.NodeIdentifier)).StoredBytes < bytes; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(bytes, (await file.GetUploadStatusAsync(device.NodeIdentifier)).StoredBytes);
    }
}
