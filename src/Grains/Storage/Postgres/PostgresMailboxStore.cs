using Npgsql;
using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Grains.Storage.Postgres;

/// <summary>
/// <see cref="IMailboxStore"/> on PostgreSQL: one row per packet, unique per (node, sender node, message id); an
/// acknowledged packet leaves a small row in <c>mailbox_acked</c> until retention, so a resend is not stored again.
/// The packet's bytes are stored once however many mailboxes hold them, in <c>mailbox_body</c> under their SHA-256
/// with a count of the rows naming them (schema version 3: the append counts its row in, a trigger counts deleted rows
/// out and deletes a body with its last row); rows from before hold their packet inline. Every write is one statement
/// through the group commit writer (each append still sends the body: the statement cannot know whether it is
/// stored); reads take a pooled connection.
/// </summary>
internal sealed class PostgresMailboxStore(PostgresDatabase database) : IMailboxStore
{
    // The insert, its count on the body (the body itself when it is new) and the look-up of an earlier copy in one
    // statement, so the row and its count commit together. The outer SELECT sees the rows as they were before the
    // statement, so the third branch finds only a packet stored earlier.
    private const string Append = """
        WITH acked AS (
            SELECT sequence FROM mailbox_acked WHERE node_id = $1 AND sender_node = $4 AND message_id = $5),
        inserted AS (
            INSERT INTO mailbox_packet (node_id, sequence, sender_root, sender_node, message_id, size, enqueued_at, body_hash)
            SELECT $1, $2, $3, $4, $5, $6, $7, $9 WHERE NOT EXISTS (SELECT 1 FROM acked)
            ON CONFLICT (node_id, sender_node, message_id) DO NOTHING
            RETURNING sequence),
        counted AS (
            INSERT INTO mailbox_body (hash, refs, body) SELECT $9, 1, $8 FROM inserted
            ON CONFLICT (hash) DO UPDATE SET refs = mailbox_body.refs + 1)
        SELECT sequence, false FROM inserted
        UNION ALL SELECT sequence, true FROM acked
        UNION ALL SELECT sequence, true FROM mailbox_packet
            WHERE node_id = $1 AND sender_node = $4 AND message_id = $5 AND NOT EXISTS (SELECT 1 FROM inserted)
        LIMIT 1;
        """;

    public Task<MailboxAppendResult> AppendAsync(string nodeId, StoredPacket packet, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var envelope = packet.Envelope;
        var statement = new PostgresStatement(Append,
            nodeId, packet.Sequence, envelope.SenderRootIdentifier, envelope.SenderNodeIdentifier, envelope.MessageId,
            envelope.Packet.Length, packet.EnqueuedAt.UtcTicks, envelope.Packet, PacketBodyHash.Of(envelope.Packet));
        return database.Writer.WriteAsync([statement], static rows => rows[0] switch
        {
            [var row, ..] => new MailboxAppendResult((long)row[0], Duplicate: (bool)row[1]),

            // Another transaction stored the same message id while this one ran and is not visible to it: the
            // caller retries, and then sees it.
            _ => throw new InvalidOperationException("A packet with the same message id was stored concurrently; retry."),
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredPacket>> ReadAsync(string nodeId, long afterSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT p.sequence, p.sender_root, p.sender_node, p.message_id, coalesce(p.packet, b.body), p.enqueued_at
            FROM mailbox_packet p LEFT JOIN mailbox_body b ON b.hash = p.body_hash
            WHERE p.node_id = $1 AND p.sequence > $2 ORDER BY p.sequence LIMIT $3;
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = nodeId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSequence });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
        var packets = new List<StoredPacket>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var body = await reader.IsDBNullAsync(4, cancellationToken)
                ? throw new InvalidDataException($"Packet {reader.GetInt64(0)} of node {nodeId} names a body that is not stored.")
                : reader.GetFieldValue<byte[]>(4);
            packets.Add(new StoredPacket(
                reader.GetInt64(0),
                new MailboxEnvelope(reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<byte[]>(2), reader.GetString(3), body),
                new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero)));
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

        // One statement: the deleted rows' ids are remembered in the same step.
        var statement = new PostgresStatement("""
            WITH deleted AS (
                DELETE FROM mailbox_packet WHERE node_id = $1 AND sequence = ANY($2)
                RETURNING node_id, sender_node, message_id, sequence, enqueued_at),
            remembered AS (
                INSERT INTO mailbox_acked (node_id, sender_node, message_id, sequence, enqueued_at)
                SELECT node_id, sender_node, message_id, sequence, enqueued_at FROM deleted
                ON CONFLICT DO NOTHING)
            SELECT count(*) FROM deleted;
            """, nodeId, sequences.ToArray());
        return database.Writer.WriteAsync([statement], static rows => (int)(long)rows[0][0][0], cancellationToken);
    }

    public Task<IReadOnlyList<long>> DeleteEnqueuedBeforeAsync(string nodeId, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var statement = new PostgresStatement("""
            WITH forgotten AS (DELETE FROM mailbox_acked WHERE node_id = $1 AND enqueued_at < $2)
            DELETE FROM mailbox_packet WHERE node_id = $1 AND enqueued_at < $2 RETURNING sequence;
            """, nodeId, cutoff.UtcTicks);
        return database.Writer.WriteAsync<IReadOnlyList<long>>([statement],
            static rows => [.. rows[0].Select(row => (long)row[0]).Order()], cancellationToken);
    }

    public Task DeleteAllAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        var statement = new PostgresStatement("""
            WITH acked AS (DELETE FROM mailbox_acked WHERE node_id = $1),
            packets AS (DELETE FROM mailbox_packet WHERE node_id = $1 RETURNING 1)
            SELECT count(*) FROM packets;
            """, nodeId);
        return database.Writer.WriteAsync([statement], static rows => (long)rows[0][0][0], cancellationToken);
    }

    public async Task<MailboxSummary> SummarizeAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT sender_root, count(*), sum(size), max(sequence)
            FROM mailbox_packet WHERE node_id = $1 GROUP BY sender_root;
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = nodeId });
        var bySender = new Dictionary<string, MailboxUsage>(StringComparer.Ordinal);
        int count = 0;
        long bytes = 0, highest = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var usage = new MailboxUsage((int)reader.GetInt64(1), reader.GetInt64(2));
            bySender[Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(0))] = usage;
            count += usage.Count;
            bytes += usage.Bytes;
            highest = Math.Max(highest, reader.GetInt64(3));
        }

        return new MailboxSummary(count, bytes, highest, bySender);
    }
}
