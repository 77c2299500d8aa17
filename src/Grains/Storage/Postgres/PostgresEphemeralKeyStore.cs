using Npgsql;
using NpgsqlTypes;
using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Grains.Storage.Postgres;

/// <summary>
/// <see cref="IEphemeralKeyStore"/> on PostgreSQL: one row per key in the compact form of <see cref="EphemeralKeyColumns"/>; a claim is a conditional delete, which the row lock
/// gives to exactly one of two racing silos.
/// </summary>
internal sealed class PostgresEphemeralKeyStore(PostgresDatabase database) : IEphemeralKeyStore
{
    public Task AddAsync(string nodeId, IReadOnlyList<EphemeralKeyRecord> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var node = EphemeralKeyColumns.Node(nodeId);
        var publicKeys = keys.Select(k => EphemeralKeyColumns.PublicKey(k.PublicKey)).ToArray();
        if (keys.Count == 0)
        {
            return Task.CompletedTask;
        }

        // One statement for the whole batch: all rows or none.
        var statement = new PostgresStatement("""
            WITH added AS (
                INSERT INTO ephemeral_key (node_id, key_id, public_key, signature)
                SELECT $1, k.key_id, k.public_key, k.signature FROM unnest($2, $3, $4) AS k(key_id, public_key, signature)
                RETURNING 1)
            SELECT count(*) FROM added;
            """,
            node,
            keys.Select(k => EphemeralKeyColumns.KeyId(k.KeyId)).ToArray(),
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = publicKeys },
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = keys.Select(k => k.Signature).ToArray() });
        return database.Writer.WriteAsync([statement], static rows => (long)rows[0][0][0], cancellationToken);
    }

    public Task<bool> TryRemoveAsync(string nodeId, ulong keyId, CancellationToken cancellationToken = default)
    {
        var statement = new PostgresStatement(
            "DELETE FROM ephemeral_key WHERE node_id = $1 AND key_id = $2 RETURNING 1;", EphemeralKeyColumns.Node(nodeId), EphemeralKeyColumns.KeyId(keyId));
        return database.Writer.WriteAsync([statement], static rows => rows[0].Count == 1, cancellationToken);
    }

    public async Task<IReadOnlyList<EphemeralKeyRecord>> ListAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        var node = EphemeralKeyColumns.Node(nodeId);
        await using var command = database.DataSource.CreateCommand(
            "SELECT key_id, public_key, signature FROM ephemeral_key WHERE node_id = $1 ORDER BY key_id;");
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = node });
        var keys = new List<EphemeralKeyRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new EphemeralKeyRecord(
                EphemeralKeyColumns.KeyIdFrom(reader.GetInt64(0)),
                EphemeralKeyColumns.PublicKeyFrom(reader.GetFieldValue<byte[]>(1)),
                reader.GetFieldValue<byte[]>(2)));
        }

        return keys;
    }

    public Task DeleteAllAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        var statement = new PostgresStatement(
            "WITH deleted AS (DELETE FROM ephemeral_key WHERE node_id = $1 RETURNING 1) SELECT count(*) FROM deleted;",
            EphemeralKeyColumns.Node(nodeId));
        return database.Writer.WriteAsync([statement], static rows => (long)rows[0][0][0], cancellationToken);
    }
}
