using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Interfaces.Files;
using Wickr.Cluster.Grains.Storage.Blobs;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Grains.Files;

/// <inheritdoc cref="IFileGrain"/>
/// <remarks>
/// The state names the owner and the recipients by their grain keys (lowercase hex), as the quota grain and the
/// blob store are keyed; the grain's calls take identifier bytes.
/// </remarks>
[GrainType("wickr-file")]
internal sealed class FileGrain(
    [PersistentState("file", WickrGrains.StorageName)] IPersistentState<FileState> file,
    IBlobStore blobs,
    IOptions<FilesOptions> limits,
    [FromKeyedServices(WickrGrains.TimeProviderKey)] TimeProvider time) : Grain, IFileGrain
{
    private readonly FilesOptions _limits = limits.Value;
    private long _stored = -1;

    private string BlobKey
    {
        get
        {
            var key = this.GetPrimaryKeyString();
            return BlobKeys.IsBlobKey(key) ? key : throw Require.Invalid("A file grain key is a blob key (32 lowercase hex characters).");
        }
    }

    public async Task<FileStatus> CreateAsync(byte[] ownerRootIdentifier, byte[] ownerNodeIdentifier, long size, byte[] readTokenHash, long retentionSeconds)
    {
        var blobKey = BlobKey;
        Require.RootIdentifier(ownerRootIdentifier);
        var ownerNode = NodeGrainKey(ownerNodeIdentifier);
        if (readTokenHash is not { Length: FileLimits.ReadTokenBytes })
        {
            throw Require.Invalid($"read_token_hash: a read token hash has {FileLimits.ReadTokenBytes} bytes.");
        }
        if (size < 1 || size > _limits.MaxFileBytes)
        {
            throw Require.Error(ClusterErrorCode.TooLarge, $"size: a file has 1 to {_limits.MaxFileBytes} encrypted bytes, not {size}.");
        }
        if (retentionSeconds < 0)
        {
            throw Require.Invalid($"retention_seconds: a retention is 0 (the server's) or positive, not {retentionSeconds}.");
        }
        if (file.State.OwnerNode is not null)
        {
            throw Require.Error(ClusterErrorCode.Conflict, "The blob id is already taken.");
        }

        // Reserve first: a refused quota stores nothing.
        var quota = GrainFactory.GetFileQuotaGrain(ownerRootIdentifier);
        var charged = await quota.ChargeAsync(BlobId, size, _limits.QuotaBytesPerUser);
        var retention = retentionSeconds == 0 || retentionSeconds >= _limits.Retention.TotalSeconds
            ? _limits.Retention
            : TimeSpan.FromSeconds(retentionSeconds);
        var now = time.GetUtcNow();
        var retainUntil = now + retention;

        // Until it is complete the upload has a deadline of hours, so abandoned uploads do not hold room for weeks.
        var expires = now + (retention < _limits.IncompleteUploadLifetime ? retention : _limits.IncompleteUploadLifetime);
        try
        {
            await blobs.CreateAsync(blobKey, expires);
            file.State = new FileState
            {
                OwnerRoot = GrainKeys.ForRoot(ownerRootIdentifier),
                OwnerNode = ownerNode,
                Size = size,
                ReadTokenHash = readTokenHash,
                ExpiresAtUnixMs = expires.ToUnixTimeMilliseconds(),
                Charged = charged,
                RetainUntilUnixMs = retainUntil.ToUnixTimeMilliseconds(),
            };
            await file.WriteStateAsync();
        }
        catch
        {
            file.State = new FileState();
            await blobs.DeleteAsync(blobKey);
            await quota.RefundAsync(charged);
            throw;
        }
        _stored = 0;
        return Snapshot();
    }

    public async Task<FileStatus> AppendAsync(byte[] callerNodeIdentifier, long offset, byte[] chunk)
    {
        RequireOwner(callerNodeIdentifier);
        if (chunk is not { Length: > 0 and <= FileLimits.ChunkBytes })
        {
            throw Require.Invalid($"data: a chunk has 1 to {FileLimits.ChunkBytes} bytes.");
        }
        var stored = await StoredAsync();
        if (offset != stored)
        {
            throw Require.Error(ClusterErrorCode.Conflict, $"offset: the upload continues at offset {stored}, not {offset}.");
        }
        if (stored + chunk.Length > file.State.Size)
        {
            throw Require.Invalid($"data: the file was declared with {file.State.Size} bytes; this chunk goes beyond.");
        }
        var now = await blobs.AppendAsync(BlobKey, offset, chunk, complete: offset + chunk.Length == file.State.Size);
        _stored = now;
        if (now != offset + chunk.Length)
        {
            throw Require.Error(ClusterErrorCode.Conflict, $"offset: the upload continues at offset {now}, not {offset}.");
        }

        if (now == file.State.Size && file.State.RetainUntilUnixMs > file.State.ExpiresAtUnixMs)
        {
            // Complete: kept for the whole retention from now on; the state first, so a failed blob update is repaired
            // when the sweep next lists the blob (ExpireAsync).
            file.State.ExpiresAtUnixMs = file.State.RetainUntilUnixMs;
            await file.WriteStateAsync();
            await blobs.SetExpiryAsync(BlobKey, DateTimeOffset.FromUnixTimeMilliseconds(file.State.ExpiresAtUnixMs));
        }

        return Snapshot();
    }

    public async Task<FileStatus> GetUploadStatusAsync(byte[] callerNodeIdentifier)
    {
        RequireOwner(callerNodeIdentifier);
        await StoredAsync();
        return Snapshot();
    }

    public async Task SetRecipientsAsync(byte[] callerNodeIdentifier, byte[][] recipientNodeIdentifiers)
    {
        RequireOwner(callerNodeIdentifier);
        if (recipientNodeIdentifiers is not { Length: > 0 and <= FileLimits.MaxRecipients }
            || !recipientNodeIdentifiers.All(n => n is { Length: ProtocolSizes.NodeIdentifier }))
        {
            throw Require.Invalid($"recipient_node_identifiers: 1 to {FileLimits.MaxRecipients} node identifiers.");
        }
        file.State.Recipients = [.. recipientNodeIdentifiers.Select(n => GrainKeys.ForNode(n)).Distinct(StringComparer.Ordinal)];
        await file.WriteStateAsync();
        await DeleteIfEveryoneHasItAsync();
    }

    public async Task<long> OpenAsync(byte[] readToken)
    {
        RequireToken(readToken);
        var stored = await StoredAsync();
        if (stored != file.State.Size)
        {
            throw Require.Error(ClusterErrorCode.NotFound, "The file's upload is not complete.");
        }
        return stored;
    }

    public async Task<byte[]> ReadAsync(byte[] readToken, long offset, int count)
    {
        RequireToken(readToken);
        if (offset < 0 || count is < 1 or > FileLimits.ChunkBytes)
        {
            throw Require.Invalid($"A read is 1 to {FileLimits.ChunkBytes} bytes at a non-negative offset.");
        }
        var buffer = new byte[(int)Math.Clamp(file.State.Size - offset, 0, count)];
        var read = await blobs.ReadAsync(BlobKey, offset, buffer);
        return read == buffer.Length ? buffer : buffer[..read];
    }

    public async Task ConfirmDownloadAsync(byte[] readToken, byte[] nodeIdentifier)
    {
        RequireToken(readToken);
        if (file.State.Downloaded.Add(NodeGrainKey(nodeIdentifier)))
        {
            await file.WriteStateAsync();
        }
        await DeleteIfEveryoneHasItAsync();
    }

    public async Task CancelAsync(byte[] callerNodeIdentifier)
    {
        RequireOwner(callerNodeIdentifier);
        await DeleteAsync();
    }

    public async Task ExpireAsync()
    {
        if (file.State.OwnerNode is not null && time.GetUtcNow().ToUnixTimeMilliseconds() < file.State.ExpiresAtUnixMs)
        {
            // The sweep saw an older expiry than the file's (its upload completed): bring the blob's up to date.
            await blobs.SetExpiryAsync(BlobKey, DateTimeOffset.FromUnixTimeMilliseconds(file.State.ExpiresAtUnixMs));
            return;
        }
        await DeleteAsync();
    }

    private async Task DeleteIfEveryoneHasItAsync()
    {
        var recipients = file.State.Recipients;
        if (recipients.Length > 0 && recipients.All(file.State.Downloaded.Contains))
        {
            await DeleteAsync();
        }
    }

    private async Task DeleteAsync()
    {
        var owner = file.State.OwnerRoot;
        await blobs.DeleteAsync(BlobKey);
        if (owner is not null)
        {
            var quota = GrainFactory.GetGrain<IFileQuotaGrain>(owner);
            await (file.State.Charged > 0 ? quota.RefundAsync(file.State.Charged) : quota.ReleaseAsync(BlobId));
        }
        await file.ClearStateAsync();
        file.State = new FileState();
        _stored = -1;
        DeactivateOnIdle();
    }

    private async Task<long> StoredAsync()
    {
        if (_stored < 0)
        {
            _stored = Math.Max(0, await blobs.LengthAsync(BlobKey));
        }
        return _stored;
    }

    private byte[] BlobId => Convert.FromHexString(BlobKey);

    private static string NodeGrainKey(byte[]? nodeIdentifier)
    {
        Require.Bytes(nodeIdentifier, ProtocolSizes.NodeIdentifier, "A node identifier");
        return GrainKeys.ForNode(nodeIdentifier);
    }

    private void RequireOwner(byte[] callerNodeIdentifier)
    {
        var caller = NodeGrainKey(callerNodeIdentifier);
        if (file.State.OwnerNode is null)
        {
            throw Require.Error(ClusterErrorCode.NotFound, "No such file.");
        }
        if (!string.Equals(caller, file.State.OwnerNode, StringComparison.Ordinal))
        {
            throw Require.Error(ClusterErrorCode.PermissionDenied, "Only the uploading device may change the file.");
        }
    }

    // Unknown file and wrong token look the same to a caller: the token is the only way to learn a file exists.
    private void RequireToken(byte[] readToken)
    {
        Span<byte> hash = stackalloc byte[32];
        if (file.State.OwnerNode is null || readToken is not { Length: FileLimits.ReadTokenBytes }
            || !SHA256.TryHashData(readToken, hash, out _)
            || !CryptographicOperations.FixedTimeEquals(hash, file.State.ReadTokenHash))
        {
            throw Require.Error(ClusterErrorCode.NotFound, "No such file, or the read token does not match it.");
        }
    }

    private FileStatus Snapshot() => new(BlobId, file.State.Size, Math.Max(_stored, 0), file.State.ExpiresAtUnixMs);
}
