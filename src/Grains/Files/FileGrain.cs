using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Interfaces.Files;
using Wickr.Cluster.Grains.Storage.Blobs;

namespace Wickr.Cluster.Grains.Files;

/// <inheritdoc cref="IFileGrain"/>
[GrainType("wickr-file")]
internal sealed class FileGrain(
    [PersistentState("file", WickrGrains.StorageName)] IPersistentState<FileState> file,
    IBlobStore blobs,
    IOptions<FilesOptions> limits,
    [FromKeyedServices(WickrGrains.TimeProviderKey)] TimeProvider time) : Grain, IFileGrain
{
    private readonly FilesOptions _limits = limits.Value;
    private long _stored = -1;

    private string BlobId
    {
        get
        {
            var key = this.GetPrimaryKeyString();
            return BlobKeys.IsBlobId(key) ? key : throw Require.Invalid("A file grain key is a blob id (32 lowercase hex characters).");
        }
    }

    public async Task<FileStatus> Create(string ownerRoot, string ownerNode, long size, byte[] readTokenHash, long retentionSeconds)
    {
        var id = BlobId;
        if (!GrainKeys.IsRootGrainKey(ownerRoot) || !GrainKeys.IsNodeGrainKey(ownerNode))
        {
            throw Require.Invalid("The owner is a root and a node identifier in lowercase hex.");
        }
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
        await GrainFactory.GetGrain<IFileQuotaGrain>(ownerRoot).Reserve(id, size, _limits.QuotaBytesPerUser);
        var retention = retentionSeconds == 0 || retentionSeconds >= _limits.Retention.TotalSeconds
            ? _limits.Retention
            : TimeSpan.FromSeconds(retentionSeconds);
        var expires = time.GetUtcNow() + retention;
        try
        {
            await blobs.CreateAsync(id, expires);
            file.State = new FileState
            {
                OwnerRoot = ownerRoot,
                OwnerNode = ownerNode,
                Size = size,
                ReadTokenHash = readTokenHash,
                ExpiresAtUnixMs = expires.ToUnixTimeMilliseconds(),
            };
            await file.WriteStateAsync();
        }
        catch
        {
            file.State = new FileState();
            await blobs.DeleteAsync(id);
            await GrainFactory.GetGrain<IFileQuotaGrain>(ownerRoot).Release(id);
            throw;
        }
        _stored = 0;
        return Snapshot();
    }

    public async Task<FileStatus> Append(string callerNode, long offset, byte[] chunk)
    {
        RequireOwner(callerNode);
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
        var now = await blobs.AppendAsync(BlobId, offset, chunk, complete: offset + chunk.Length == file.State.Size);
        _stored = now;
        if (now != offset + chunk.Length)
        {
            throw Require.Error(ClusterErrorCode.Conflict, $"offset: the upload continues at offset {now}, not {offset}.");
        }
        return Snapshot();
    }

    public async Task<FileStatus> Status(string callerNode)
    {
        RequireOwner(callerNode);
        await StoredAsync();
        return Snapshot();
    }

    public async Task SetRecipients(string callerNode, string[] recipientNodes)
    {
        RequireOwner(callerNode);
        if (recipientNodes is not { Length: > 0 and <= FileLimits.MaxRecipients } || !recipientNodes.All(GrainKeys.IsNodeGrainKey))
        {
            throw Require.Invalid($"recipient_node_identifiers: 1 to {FileLimits.MaxRecipients} node identifiers.");
        }
        file.State.Recipients = [.. recipientNodes.Distinct(StringComparer.Ordinal)];
        await file.WriteStateAsync();
        await DeleteIfEveryoneHasItAsync();
    }

    public async Task<long> Open(byte[] readToken)
    {
        RequireToken(readToken);
        var stored = await StoredAsync();
        if (stored != file.State.Size)
        {
            throw Require.Error(ClusterErrorCode.NotFound, "The file's upload is not complete.");
        }
        return stored;
    }

    public async Task<byte[]> Read(byte[] readToken, long offset, int count)
    {
        RequireToken(readToken);
        if (offset < 0 || count is < 1 or > FileLimits.ChunkBytes)
        {
            throw Require.Invalid($"A read is 1 to {FileLimits.ChunkBytes} bytes at a non-negative offset.");
        }
        var buffer = new byte[(int)Math.Clamp(file.State.Size - offset, 0, count)];
        var read = await blobs.ReadAsync(BlobId, offset, buffer);
        return read == buffer.Length ? buffer : buffer[..read];
    }

    public async Task ConfirmDownload(byte[] readToken, string node)
    {
        RequireToken(readToken);
        if (!GrainKeys.IsNodeGrainKey(node))
        {
            throw Require.Invalid("A node identifier in lowercase hex.");
        }
        if (file.State.Downloaded.Add(node))
        {
            await file.WriteStateAsync();
        }
        await DeleteIfEveryoneHasItAsync();
    }

    public async Task Expire()
    {
        if (file.State.OwnerNode is not null && time.GetUtcNow().ToUnixTimeMilliseconds() < file.State.ExpiresAtUnixMs)
        {
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
        await blobs.DeleteAsync(BlobId);
        if (owner is not null)
        {
            await GrainFactory.GetGrain<IFileQuotaGrain>(owner).Release(BlobId);
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
            _stored = Math.Max(0, await blobs.LengthAsync(BlobId));
        }
        return _stored;
    }

    private void RequireOwner(string callerNode)
    {
        if (file.State.OwnerNode is null)
        {
            throw Require.Error(ClusterErrorCode.NotFound, "No such file.");
        }
        if (!string.Equals(callerNode, file.State.OwnerNode, StringComparison.Ordinal))
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
