using Microsoft.Data.Sqlite;
using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Grains.Storage.Sqlite;

/// <summary>
/// <see cref="IEphemeralKeyStore"/> on SQLite: one row per key in the compact form of <see cref="EphemeralKeyColumns"/>;
/// a claim is a conditional delete.
/// </summary>
internal sealed class SqliteEphemeralKeyStore(SqliteDatabase database) : IEphemeralKeyStore
{
    public Task AddAsync(string nodeId, IReadOnlyList<EphemeralKeyRecord> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var node = EphemeralKeyColumns.Node(nodeId);
        var rows = keys.Select(k => (KeyId: EphemeralKeyColumns.KeyId(k.KeyId), PublicKey: EphemeralKeyColumns.PublicKey(k.PublicKey), k.Signature)).ToList();

        // One write: its savepoint makes the keys all-or-nothing within the batch.
        return database.Writer.WriteAsync(transaction =>
        {
            var command = transaction.Command("""
                INSERT INTO ephemeral_key (node_id, key_id, public_key, signature) VALUES ($node, $keyId, $publicKey, $signature);
                """);
            command.Parameters.Add("$node", SqliteType.Blob).Value = node;
            var keyId = command.Parameters.Add("$keyId", SqliteType.Integer);
            var publicKey = command.Parameters.Add("$publicKey", SqliteType.Blob);
            var signature = command.Parameters.Add("$signature", SqliteType.Blob);
            foreach (var row in rows)
            {
                keyId.Value = row.KeyId;
                publicKey.Value = row.PublicKey;
                signature.Value = row.Signature;
                command.ExecuteNonQuery();
            }

            return rows.Count;
        }, cancellationToken);
    }

    public Task<bool> TryRemoveAsync(string nodeId, ulong keyId, CancellationToken cancellationToken = default)
    {
        var node = EphemeralKeyColumns.Node(nodeId);
        return database.Writer.WriteOneStatementAsync(transaction =>
        {
            var command = transaction.Command("DELETE FROM ephemeral_key WHERE node_id = $node AND key_id = $keyId;");
            command.Parameters.AddWithValue("$node", node);
            command.Parameters.AddWithValue("$keyId", EphemeralKeyColumns.KeyId(keyId));
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<EphemeralKeyRecord>> ListAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        var node = EphemeralKeyColumns.Node(nodeId);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT key_id, public_key, signature FROM ephemeral_key WHERE node_id = $node ORDER BY key_id;
            """;
        command.Parameters.AddWithValue("$node", node);
        var keys = new List<EphemeralKeyRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new EphemeralKeyRecord(
                EphemeralKeyColumns.KeyIdFrom(reader.GetInt64(0)), EphemeralKeyColumns.PublicKeyFrom((byte[])reader.GetValue(1)), (byte[])reader.GetValue(2)));
        }

        return keys;
    }

    public Task DeleteAllAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        var node = EphemeralKeyColumns.Node(nodeId);
        return database.Writer.WriteAsync(transaction =>
        {
            var command = transaction.Command("DELETE FROM ephemeral_key WHERE node_id = $node;");
            command.Parameters.AddWithValue("$node", node);
            return command.ExecuteNonQuery();
        }, cancellationToken);
    }
}
