using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using Orleans.Storage;

namespace Wickr.Cluster.Grains.Storage.Sqlite;

/// <summary>
/// Orleans grain storage on SQLite: one row per (service, state name, grain id) with an ETag. A write or clear
/// whose ETag does not match the stored one fails with <see cref="InconsistentStateException"/>, so two
/// activations of one grain can never silently overwrite each other.
/// </summary>
internal sealed class SqliteGrainStorage(SqliteDatabase database, IGrainStorageSerializer serializer, string serviceId) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT etag, payload FROM grain_state
            WHERE service_id = $service AND state_name = $name AND grain_id = $grain;
            """;
        AddKey(command, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        var etag = reader.GetString(0);
        var payload = (byte[])reader.GetValue(1);
        grainState.State = serializer.Deserialize<T>(BinaryData.FromBytes(payload)) ?? Activator.CreateInstance<T>();
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = serializer.Serialize(grainState.State).ToArray();
        var etag = Guid.NewGuid().ToString("N");
        var expected = grainState.ETag;
        // One statement; on a mismatch it changed nothing and the check below only reads.
        await database.Writer.WriteOneStatementAsync(transaction =>
        {
            var command = transaction.Command(expected is null
                ? """
                    INSERT INTO grain_state (service_id, state_name, grain_id, etag, payload)
                    VALUES ($service, $name, $grain, $etag, $payload)
                    ON CONFLICT (service_id, state_name, grain_id) DO NOTHING;
                    """
                : """
                    UPDATE grain_state SET etag = $etag, payload = $payload
                    WHERE service_id = $service AND state_name = $name AND grain_id = $grain AND etag = $expected;
                    """);
            if (expected is not null)
            {
                command.Parameters.AddWithValue("$expected", expected);
            }

            AddKey(command, stateName, grainId);
            command.Parameters.AddWithValue("$etag", etag);
            command.Parameters.AddWithValue("$payload", payload);
            return command.ExecuteNonQuery() == 1 ? true : throw Mismatch(transaction, stateName, grainId, expected);
        });

        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var expected = grainState.ETag;
        await database.Writer.WriteAsync(transaction =>
        {
            if (expected is null)
            {
                // Nothing was read: clearing is only consistent if there is nothing stored.
                var stored = StoredETag(transaction, stateName, grainId);
                return stored is null
                    ? true
                    : throw new InconsistentStateException(
                        $"Cannot clear state {stateName} of {grainId}: a record exists that was not read.", stored, "(none)");
            }

            var command = transaction.Command("""
                DELETE FROM grain_state
                WHERE service_id = $service AND state_name = $name AND grain_id = $grain AND etag = $expected;
                """);
            AddKey(command, stateName, grainId);
            command.Parameters.AddWithValue("$expected", expected);
            return command.ExecuteNonQuery() == 1 ? true : throw Mismatch(transaction, stateName, grainId, expected);
        });

        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private void AddKey(SqliteCommand command, string stateName, GrainId grainId)
    {
        command.Parameters.AddWithValue("$service", serviceId);
        command.Parameters.AddWithValue("$name", stateName);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
    }

    private InconsistentStateException Mismatch(SqliteTransaction transaction, string stateName, GrainId grainId, string? expected)
    {
        var stored = StoredETag(transaction, stateName, grainId);
        return new InconsistentStateException(
            $"ETag mismatch on state {stateName} of {grainId}: another activation wrote it.",
            stored ?? "(none)",
            expected ?? "(none)");
    }

    private string? StoredETag(SqliteTransaction transaction, string stateName, GrainId grainId)
    {
        var command = transaction.Command("""
            SELECT etag FROM grain_state WHERE service_id = $service AND state_name = $name AND grain_id = $grain;
            """);
        AddKey(command, stateName, grainId);
        return (string?)command.ExecuteScalar();
    }
}
