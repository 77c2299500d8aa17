using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Grains.Storage.Sqlite;

/// <summary>
/// <see cref="IMailboxStore"/> on SQLite: one row per packet, unique per (node, sender node, message id); an
/// acknowledged packet leaves a small row in <c>mailbox_acked</c> until retention, so a resend is not stored again.
/// The packet's bytes are stored once however many mailboxes hold them: in <c>mailbox_body</c> under their SHA-256,
/// with the number of rows naming them in <c>mailbox_body_ref</c>. The append counts its row in; a trigger counts a
/// deleted row out in the deleting statement, and deletes the body with its last row. Rows written before bodies were
/// shared hold their packet inline (<c>body_hash</c> null) and read and delete as before.
/// </summary>
internal sealed class SqliteMailboxStore(SqliteDatabase database) : IMailboxStore
{
    public async Task<MailboxAppendResult> AppendAsync(string nodeId, StoredPacket packet, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var envelope = packet.Envelope;
        var hash = PacketBodyHash.Of(envelope.Packet);

        // The row, its count on the body, and the body when it is new: one write, undone whole if any part fails.
        var appended = await database.Writer.WriteAsync(transaction =>
        {
            var insert = transaction.Command("""
                INSERT INTO mailbox_packet (node_id, sequence, sender_root, sender_node, message_id, size, enqueued_at, packet, body_hash)
                SELECT $node, $sequence, $senderRoot, $senderNode, $messageId, $size, $enqueuedAt, x'', $hash
                WHERE NOT EXISTS (
                    SELECT 1 FROM mailbox_acked WHERE node_id = $node AND sender_node = $senderNode AND message_id = $messageId)
                ON CONFLICT (node_id, sender_node, message_id) DO NOTHING;
                """);
            insert.Parameters.AddWithValue("$node", nodeId);
            insert.Parameters.AddWithValue("$sequence", packet.Sequence);
            insert.Parameters.AddWithValue("$senderRoot", envelope.SenderRootIdentifier);
            insert.Parameters.AddWithValue("$senderNode", envelope.SenderNodeIdentifier);
            insert.Parameters.AddWithValue("$messageId", envelope.MessageId);
            insert.Parameters.AddWithValue("$size", envelope.Packet.Length);
            insert.Parameters.AddWithValue("$enqueuedAt", packet.EnqueuedAt.UtcTicks);
            insert.Parameters.AddWithValue("$hash", hash);
            if (insert.ExecuteNonQuery() == 1)
            {
                var count = transaction.Command("""
                    INSERT INTO mailbox_body_ref (hash, refs) VALUES ($hash, 1)
                    ON CONFLICT (hash) DO UPDATE SET refs = refs + 1 RETURNING refs;
                    """);
                count.Parameters.AddWithValue("$hash", hash);
                if ((long)count.ExecuteScalar()! == 1)
                {
                    var body = transaction.Command("INSERT INTO mailbox_body (hash, body) VALUES ($hash, $body);");
                    body.Parameters.AddWithValue("$hash", hash);
                    body.Parameters.AddWithValue("$body", envelope.Packet);
                    body.ExecuteNonQuery();
                }

                return new MailboxAppendResult(packet.Sequence, Duplicate: false);
            }

            var find = transaction.Command("""
                SELECT sequence FROM mailbox_packet WHERE node_id = $node AND sender_node = $senderNode AND message_id = $messageId
                UNION ALL
                SELECT sequence FROM mailbox_acked WHERE node_id = $node AND sender_node = $senderNode AND message_id = $messageId
                LIMIT 1;
                """);
            find.Parameters.AddWithValue("$node", nodeId);
            find.Parameters.AddWithValue("$senderNode", envelope.SenderNodeIdentifier);
            find.Parameters.AddWithValue("$messageId", envelope.MessageId);
            return new MailboxAppendResult((long)find.ExecuteScalar()!, Duplicate: true);
        }, cancellationToken);

        // Committed: the nodes' streams read it next, from memory.
        if (!appended.Duplicate)
        {
            database.Bodies.Add(hash, envelope.Packet);
        }

        return appended;
    }

    public async Task<IReadOnlyList<StoredPacket>> ReadAsync(string nodeId, long afterSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // The rows without their shared bodies: a body comes from memory, or from the file once for all rows naming it.
        command.CommandText = """
            SELECT sequence, sender_root, sender_node, message_id, CASE WHEN body_hash IS NULL THEN packet END, body_hash, enqueued_at
            FROM mailbox_packet WHERE node_id = $node AND sequence > $after ORDER BY sequence LIMIT $max;
            """;
        command.Parameters.AddWithValue("$node", nodeId);
        command.Parameters.AddWithValue("$after", afterSequence);
        command.Parameters.AddWithValue("$max", maxCount);
        var packets = new List<StoredPacket>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var sequence = reader.GetInt64(0);
                var body = reader.IsDBNull(5)
                    ? (byte[])reader.GetValue(4)
                    : await BodyAsync(connection, (byte[])reader.GetValue(5), cancellationToken)
                        ?? throw new InvalidDataException($"Packet {sequence} of node {nodeId} names a body that is not stored.");
                packets.Add(new StoredPacket(
                    sequence,
                    new MailboxEnvelope((byte[])reader.GetValue(1), (byte[])reader.GetValue(2), reader.GetString(3), body),
                    new DateTimeOffset(reader.GetInt64(6), TimeSpan.Zero)));
            }
        }

        return packets;
    }

    private async Task<byte[]?> BodyAsync(SqliteConnection connection, byte[] hash, CancellationToken cancellationToken)
    {
        if (database.Bodies.TryGet(hash, out var held))
        {
            return held;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM mailbox_body WHERE hash = $hash;";
        command.Parameters.AddWithValue("$hash", hash);
        if (await command.ExecuteScalarAsync(cancellationToken) is not byte[] body)
        {
            return null;
        }

        database.Bodies.Add(hash, body);
        return body;
    }

    public Task<int> DeleteAsync(string nodeId, IReadOnlyCollection<long> sequences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0)
        {
            return Task.FromResult(0);
        }

        // One write: its savepoint keeps the remembered ids and the deletion together.
        var json = JsonArray(sequences);
        return database.Writer.WriteAsync(transaction =>
        {
            var remember = transaction.Command("""
                INSERT OR IGNORE INTO mailbox_acked (node_id, sender_node, message_id, sequence, enqueued_at)
                SELECT node_id, sender_node, message_id, sequence, enqueued_at FROM mailbox_packet
                WHERE node_id = $node AND sequence IN (SELECT value FROM json_each($sequences));
                """);
            remember.Parameters.AddWithValue("$node", nodeId);
            remember.Parameters.AddWithValue("$sequences", json);
            remember.ExecuteNonQuery();

            var delete = transaction.Command("""
                DELETE FROM mailbox_packet
                WHERE node_id = $node AND sequence IN (SELECT value FROM json_each($sequences));
                """);
            delete.Parameters.AddWithValue("$node", nodeId);
            delete.Parameters.AddWithValue("$sequences", json);
            return delete.ExecuteNonQuery();
        }, cancellationToken);
    }

    public Task<IReadOnlyList<long>> DeleteEnqueuedBeforeAsync(string nodeId, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        return database.Writer.WriteAsync<IReadOnlyList<long>>(transaction =>
        {
            var forget = transaction.Command("DELETE FROM mailbox_acked WHERE node_id = $node AND enqueued_at < $cutoff;");
            forget.Parameters.AddWithValue("$node", nodeId);
            forget.Parameters.AddWithValue("$cutoff", cutoff.UtcTicks);
            forget.ExecuteNonQuery();

            var command = transaction.Command("""
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
            var command = transaction.Command("""
                DELETE FROM mailbox_packet WHERE node_id = $node;
                DELETE FROM mailbox_acked WHERE node_id = $node;
                """);
            command.Parameters.AddWithValue("$node", nodeId);
            return command.ExecuteNonQuery();
        }, cancellationToken);
    }

    public async Task<MailboxSummary> SummarizeAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT sender_root, COUNT(*), SUM(size), MAX(sequence)
            FROM mailbox_packet WHERE node_id = $node GROUP BY sender_root;
            """;
        command.Parameters.AddWithValue("$node", nodeId);
        var bySender = new Dictionary<string, MailboxUsage>(StringComparer.Ordinal);
        int count = 0;
        long bytes = 0, highest = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var usage = new MailboxUsage(reader.GetInt32(1), reader.GetInt64(2));
            bySender[Convert.ToHexStringLower((byte[])reader.GetValue(0))] = usage;
            count += usage.Count;
            bytes += usage.Bytes;
            highest = Math.Max(highest, reader.GetInt64(3));
        }

        return new MailboxSummary(count, bytes, highest, bySender);
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
