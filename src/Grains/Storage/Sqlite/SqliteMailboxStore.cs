using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Wickr.Cluster.Contracts;

namespace Wickr.Cluster.Grains.Storage.Sqlite;

/// <summary><see cref="IMailboxStore"/> on SQLite: one row per packet, unique per (node, message id).</summary>
internal sealed class SqliteMailboxStore(SqliteDatabase database) : IMailboxStore
{
    public async Task<MailboxAppendResult> AppendAsync(string nodeId, StoredPacket packet, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packet);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO mailbox_packet (node_id, sequence, message_id, size, enqueued_at, packet)
            VALUES ($node, $sequence, $messageId, $size, $enqueuedAt, $packet)
            ON CONFLICT (node_id, message_id) DO NOTHING;
            """;
        insert.Parameters.AddWithValue("$node", nodeId);
        insert.Parameters.AddWithValue("$sequence", packet.Sequence);
        insert.Parameters.AddWithValue("$messageId", packet.MessageId);
        insert.Parameters.AddWithValue("$size", packet.Packet.Length);
        insert.Parameters.AddWithValue("$enqueuedAt", packet.EnqueuedAt.UtcTicks);
        insert.Parameters.AddWithValue("$packet", packet.Packet);
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            return new MailboxAppendResult(packet.Sequence, Duplicate: false);
        }

        await using var find = connection.CreateCommand();
        find.CommandText = "SELECT sequence FROM mailbox_packet WHERE node_id = $node AND message_id = $messageId;";
        find.Parameters.AddWithValue("$node", nodeId);
        find.Parameters.AddWithValue("$messageId", packet.MessageId);
        var sequence = (long)(await find.ExecuteScalarAsync(cancellationToken))!;
        return new MailboxAppendResult(sequence, Duplicate: true);
    }

    public async Task<IReadOnlyList<StoredPacket>> ReadAsync(string nodeId, long afterSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT sequence, message_id, packet, enqueued_at FROM mailbox_packet
            WHERE node_id = $node AND sequence > $after ORDER BY sequence LIMIT $max;
            """;
        command.Parameters.AddWithValue("$node", nodeId);
        command.Parameters.AddWithValue("$after", afterSequence);
        command.Parameters.AddWithValue("$max", maxCount);
        var packets = new List<StoredPacket>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            packets.Add(new StoredPacket(
                reader.GetInt64(0),
                reader.GetString(1),
                (byte[])reader.GetValue(2),
                new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero)));
        }

        return packets;
    }

    public async Task<int> DeleteAsync(string nodeId, IReadOnlyCollection<long> sequences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0)
        {
            return 0;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM mailbox_packet
            WHERE node_id = $node AND sequence IN (SELECT value FROM json_each($sequences));
            """;
        command.Parameters.AddWithValue("$node", nodeId);
        command.Parameters.AddWithValue("$sequences", JsonArray(sequences));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<long>> DeleteEnqueuedBeforeAsync(string nodeId, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM mailbox_packet WHERE node_id = $node AND enqueued_at < $cutoff RETURNING sequence;
            """;
        command.Parameters.AddWithValue("$node", nodeId);
        command.Parameters.AddWithValue("$cutoff", cutoff.UtcTicks);
        var sequences = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sequences.Add(reader.GetInt64(0));
        }

        sequences.Sort();
        return sequences;
    }

    public async Task DeleteAllAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM mailbox_packet WHERE node_id = $node;";
        command.Parameters.AddWithValue("$node", nodeId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<MailboxSummary> SummarizeAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COUNT(*), COALESCE(SUM(size), 0), COALESCE(MAX(sequence), 0)
            FROM mailbox_packet WHERE node_id = $node;
            """;
        command.Parameters.AddWithValue("$node", nodeId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new MailboxSummary(reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private static string JsonArray(IEnumerable<long> values)
    {
        var json = new StringBuilder("[");
        foreach (var value in values)
        {
            if (json.Length > 1)
            {
                json.Append(',');
            }

            json.Append(value.ToString(CultureInfo.InvariantCulture));
        }

        return json.Append(']').ToString();
    }
}
