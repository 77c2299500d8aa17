using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Interfaces.Files;
using Wickr.Cluster.Grains.Storage.Blobs;

namespace Wickr.Cluster.Grains.Storage.Postgres;

/// <summary>
/// Postgres mode's blob store: a row per blob in <c>file_blob</c> (expiry, stored length) and its bytes in
/// <c>file_chunk</c>, one row per appended chunk (at most <see cref="FileLimits.ChunkBytes"/>, the file grain's upload
/// chunk). An append moves one chunk and a read only the range asked for, so no statement carries a whole file; an
/// append commits before it counts (<c>synchronous_commit</c> on), so <c>complete</c> asks for nothing more.
/// </summary>
public sealed class PostgresBlobStore : IBlobStore
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>A store in the database of <paramref name="dataSource"/> (schema version 2 or later).</summary>
    public PostgresBlobStore(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <inheritdoc />
    public async Task CreateAsync(string blobKey, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        await using var command = Command(
            "INSERT INTO file_blob (blob_key, expires_at) VALUES ($1, $2) ON CONFLICT (blob_key) DO NOTHING;", blobKey);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = expiresAt.ToUniversalTime() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task SetExpiryAsync(string blobKey, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        await using var command = Command("UPDATE file_blob SET expires_at = $2 WHERE blob_key = $1;", blobKey);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = expiresAt.ToUniversalTime() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<long> LengthAsync(string blobKey, CancellationToken cancellationToken = default)
    {
        await using var command = Command("SELECT length FROM file_blob WHERE blob_key = $1;", blobKey);
        return await command.ExecuteScalarAsync(cancellationToken) is long length ? length : -1;
    }

    /// <inheritdoc />
    public async Task<long> AppendAsync(string blobKey, long offset, ReadOnlyMemory<byte> data, bool complete, CancellationToken cancellationToken = default)
    {
        // One statement: the length moves only when it was the offset, and the chunk is stored with it. The outer SELECT
        // sees the row as it was before, so a refused append names the stored length.
        await using var command = Command("""
            WITH grown AS (
                UPDATE file_blob SET length = length + $3 WHERE blob_key = $1 AND length = $2 RETURNING length),
            chunk AS (
                INSERT INTO file_chunk (blob_key, start, data) SELECT $1, $2, $4 FROM grown)
            SELECT length FROM grown
            UNION ALL SELECT length FROM file_blob WHERE blob_key = $1 AND NOT EXISTS (SELECT 1 FROM grown);
            """, blobKey);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = offset });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = data.Length });
        command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = data, NpgsqlDbType = NpgsqlDbType.Bytea });
        return await command.ExecuteScalarAsync(cancellationToken) is long length ? length : -1;
    }

    /// <inheritdoc />
    public async Task<int> ReadAsync(string blobKey, long offset, Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);

        // The overlap of each chunk with [offset, offset + length), cut out by the server.
        await using var command = Command("""
            SELECT c.start, substring(c.data FROM (greatest($2, c.start) - c.start + 1)::int FOR ($2 + $3 - greatest($2, c.start))::int)
            FROM file_blob b
            LEFT JOIN file_chunk c ON c.blob_key = b.blob_key AND c.start < $2 + $3 AND c.start + length(c.data) > $2
            WHERE b.blob_key = $1
            ORDER BY c.start;
            """, blobKey);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = offset });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = buffer.Length });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = false;
        var total = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            found = true;
            if (await reader.IsDBNullAsync(0, cancellationToken))
            {
                continue;
            }

            var at = (int)(Math.Max(offset, reader.GetInt64(0)) - offset);
            var piece = reader.GetFieldValue<byte[]>(1);
            piece.CopyTo(buffer[at..]);
            total = Math.Max(total, at + piece.Length);
        }

        return found ? total : throw new ClusterException(ClusterErrorCode.NotFound, "The file is not stored.");
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string blobKey, CancellationToken cancellationToken = default)
    {
        // The chunks go with the row (ON DELETE CASCADE).
        await using var command = Command("DELETE FROM file_blob WHERE blob_key = $1;", blobKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredBlob> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT blob_key, expires_at FROM file_blob;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new StoredBlob(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1));
        }
    }

    private NpgsqlCommand Command(string sql, string blobKey)
    {
        // The key names a row, never anything else, but a name that is not a key is refused alike in every backend.
        if (!BlobKeys.IsBlobKey(blobKey))
        {
            throw new ClusterException(ClusterErrorCode.InvalidArgument, "A blob key is 32 lowercase hex characters.");
        }

        var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = blobKey });
        return command;
    }
}
