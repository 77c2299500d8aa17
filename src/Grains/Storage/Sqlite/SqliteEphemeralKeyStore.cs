using Microsoft.Data.Sqlite;
using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Grains.Storage.Sqlite;

/// <summary><see cref="IEphemeralKeyStore"/> on SQLite: one row per key; a claim is a conditional delete.</summary>
internal sealed class SqliteEphemeralKeyStore(SqliteDatabase database) : IEphemeralKeyStore
{
    public Task AddAsync(string nodeId, IReadOnlyList<EphemeralKeyRecord> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);

        // One write: its savepoint makes the keys all-or-nothing within the batch.
        return database.Writer.WriteAsync(transaction =>
        {
            var command = transaction.Command("""
                INSERT INTO ephemeral_key (node_id, key_id, public_key, signature) VALUES ($node, $keyId, $publicKey, $signature);
                """);
            var node = command.Parameters.Add("$node", SqliteType.Text);
            var keyId = command.Parameters.Add("$keyId", SqliteType.Integer);
            var publicKey = command.Parameters.Add("$publicKey", SqliteType.Blob);
            var signature = command.Parameters.Add("$signature", SqliteType.Blob);
            node.Value = nodeId;
            foreach (var key in keys)
            {
                keyId.Value = ToColumn(key.KeyId);
                publicKey.Value = key.PublicKey;
                signature.Value = key.Signature;
                command.ExecuteNonQuery();
            }

            return keys.Count;
        }, cancellationToken);
    }

    public Task<bool> TryRemoveAsync(string nodeId, ulong keyId, CancellationToken cancellationToken = default)
    {
        return database.Writer.WriteOneStatementAsync(transaction =>
        {
            var command = transaction.Command("DELETE FROM ephemeral_key WHERE node_id = $node AND key_id = $keyId;");
            command.Parameters.AddWithValue("$node", nodeId);
            command.Parameters.AddWithValue("$keyId", ToColumn(keyId));
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<EphemeralKeyRecord>> ListAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT key_id, public_key, signature FROM ephemeral_key WHERE node_id = $node ORDER BY key_id;
            """;
        command.Parameters.AddWithValue("$node", nodeId);
        var keys = new List<EphemeralKeyRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new EphemeralKeyRecord(FromColumn(reader.GetInt64(0)), (byte[])reader.GetValue(1), (byte[])reader.GetValue(2)));
        }

        return keys;
    }

    public Task DeleteAllAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        return database.Writer.WriteAsync(transaction =>
        {
            var command = transaction.Command("DELETE FROM ephemeral_key WHERE node_id = $node;");
            command.Parameters.AddWithValue("$node", nodeId);
            return command.ExecuteNonQuery();
        }, cancellationToken);
    }

    // SQLite integers are signed: flipping the top bit maps ulong order onto long order.
    private static long ToColumn(ulong keyId) => unchecked((long)(keyId ^ 0x8000_0000_0000_0000UL));

    private static ulong FromColumn(long value) => unchecked((ulong)value) ^ 0x8000_0000_0000_0000UL;
}
