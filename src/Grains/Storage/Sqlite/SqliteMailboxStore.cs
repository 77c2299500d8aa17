using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Wickr.Cluster.Contracts;

namespace Wickr.Cluster.Grains.Storage.Sqlite;

/// <summary><see cref="IMailboxStore"/> on SQLite: one row per packet, unique per (node, message id).</summary>
internal sealed class SqliteMailboxStore(SqliteDatabase database) : IMailboxStore
{
    public Task<MailboxAppendResult> AppendAsync(string nodeId, StoredPacket packet, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packet);
        return database.Writer.WriteAsync(transaction =>
        {
            using var insert = transaction.Command("""
                INSERT INTO mailbox_packet (node_id, sequence, message_id, size, enqueued_at, packet)
                VALUES ($node, $sequence, $messageId, $size, $enqueuedAt, $packet)
                ON CONFLICT (node_id, message_id) DO NOTHING;
                """);
            insert.Parameters.AddWithValue("$node", nodeId);
            insert.Parameters.AddWithValue("$sequence", packet.Sequence);
            insert.Parameters.AddWithValue("$messageId", packet.MessageId);
            insert.Parameters.AddWithValue("$size", packet.Packet.Length);
            insert.Parameters.AddWithValue("$enqueuedAt", packet.EnqueuedAt.UtcTicks);
            insert.Parameters.AddWithValue("$packet", packet.Packet);
            if (insert.ExecuteNonQuery() == 1)
            {
                return new MailboxAppendResult(packet.Sequence, Duplicate: false);
            }

            using var find = transaction.Command("SELECT sequence FROM mailbox_packet WHERE node_id = $node AND message_id = $messageId;");
            find.Parameters.AddWithValue("$node", nodeId);
            find.Parameters.AddWithValue("$messageId", packet.MessageId);
            return new MailboxAppendResult((long)find.ExecuteScalar()!, Duplicate: true);
        }, cancellationToken);
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

    public Task<int> DeleteAsync(string nodeId, IReadOnlyCollection<long> sequences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0)
        {
            return Task.FromResult(0);
        }

        var json = JsonArray(sequences);
        return database.Writer.WriteAsync(transaction =>
        {
            using var command = transaction.Command("""
                DELETE FROM mailbox_packet
                WHERE node_id = $node AND sequence IN (SELECT value FROM json_each($sequences));
                """);
            command.Parameters.AddWithValue("$node", nodeId);
            command.Parameters.AddWithValue("$sequences", json);
            return command.ExecuteNonQuery();
        }, cancellationToken);
    }

    public Task<IReadOnlyList<long>> DeleteEnqueuedBeforeAsync(string nodeId, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        return database.Writer.WriteAsync<IReadOnlyList<long>>(transaction =>
        {
            using var command = transaction.Command("""
                DELETE FROM mailbox_packet WHERE node_id = $node AND enqueued_at < $cutoff RETURNING sequence;
                """);
            command.Parameters.AddWithValue("$node", nodeId);
            command.Parameters.AddWithValue("$cutoff", cutoff.UtcTicks);
            var sequences = new List<long>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    sequences.Add(reader.GetInt64(0));
                }
            }

            sequences.Sort();
            return sequences;
        }, cancellationToken);
    }

    public Task DeleteAllAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        return database.Writer.WriteAsync(transaction =>
        {
            using var command = transaction.Command("DELETE FROM mailbox_packet WHERE node_id = $node;");
            command.Parameters.AddWithValue("$node", nodeId);
            return command.ExecuteNonQuery();
        }, cancellationToken);
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
