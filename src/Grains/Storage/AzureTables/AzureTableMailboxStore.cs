using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Grains.Storage.AzureTables;

/// <summary>
/// <see cref="IMailboxStore"/> on Azure Table storage. Partition = node id; a packet is one row
/// ("p" + zero-padded sequence) and its message id a second row ("m" + sender node + message id) written in the same
/// entity group transaction, so a retried append either finds the message row or stores both rows once. An ack
/// deletes the packet row only: the message row stays until retention, so a resend after the ack is not stored again.
/// Bodies up to <see cref="SiloAzureStorageOptions.MaxInlinePacketBytes"/> live in the row (64 KiB per
/// property); larger ones go to a blob written before the row, which names it. Unlike the SQLite and PostgreSQL
/// stores, which keep a packet's bytes once for every mailbox holding them, every row here holds (or names a blob
/// with) its own copy: a group packet to 500 nodes is stored 500 times.
/// </summary>
public sealed class AzureTableMailboxStore : IMailboxStore
{
    private const string MessageIdProperty = "MessageId";
    private const string SenderRootProperty = "SenderRoot";
    private const string SenderNodeProperty = "SenderNode";
    private const string EnqueuedAtProperty = "EnqueuedAt";
    private const string SizeProperty = "Size";
    private const string BlobProperty = "Blob";
    private const string SequenceProperty = "Sequence";
    private const int Conflict = 409;
    private const int MaxParallelRequests = 16;

    // Rows in a gap between acked sequences come back in the run's query unasked, at a few dozen bytes each;
    // a separate query for the next sequence would cost a round trip. Acks mostly cover what a read returned,
    // so their gaps are rows already gone.
    private const int MaxRunGap = 64;

    private static readonly string[] DeleteColumns = ["RowKey", BlobProperty];
    private static readonly string[] SummaryColumns = ["RowKey", SizeProperty, SenderRootProperty];

    private readonly AzureStorageResource<TableClient> table;
    private readonly AzureStorageResource<BlobContainerClient> container;
    private readonly int maxInlineBytes;

    /// <summary>Creates the store; the table and container are created on first use if missing.</summary>
    public AzureTableMailboxStore(TableServiceClient tables, BlobServiceClient blobs, SiloAzureStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(options);
        ValidatedOptions.Check(options, SiloAzureStorageOptions.SectionName);
        table = new(tables.GetTableClient(options.MailboxTableName), (t, ct) => t.CreateIfNotExistsAsync(ct));
        container = new(blobs.GetBlobContainerClient(options.PacketContainerName), (c, ct) => c.CreateIfNotExistsAsync(cancellationToken: ct));
        maxInlineBytes = options.MaxInlinePacketBytes;
    }

    /// <inheritdoc />
    public async Task<MailboxAppendResult> AppendAsync(string nodeId, StoredPacket packet, CancellationToken cancellationToken = default)
    {
        var partition = AzureTableKeys.Partition(nodeId);
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(packet.Envelope, nameof(packet));
        ArgumentNullException.ThrowIfNull(packet.Packet, nameof(packet));
        ArgumentOutOfRangeException.ThrowIfNegative(packet.Sequence, nameof(packet));
        var messageRow = AzureTableKeys.MessageRow(packet.Envelope.SenderNodeIdentifier, packet.MessageId);
        var packetRow = AzureTableKeys.PacketRow(packet.Sequence);
        var tableClient = await table.GetAsync(cancellationToken);

        var row = new TableEntity(partition, packetRow)
        {
            [SenderRootProperty] = packet.Envelope.SenderRootIdentifier,
            [SenderNodeProperty] = packet.Envelope.SenderNodeIdentifier,
            [MessageIdProperty] = packet.MessageId,
            [EnqueuedAtProperty] = packet.EnqueuedAt,
            [SizeProperty] = packet.Packet.Length,
        };
        string? blobName = null;
        if (packet.Packet.Length > maxInlineBytes)
        {
            // A fresh name per attempt: a duplicate append never overwrites the body already queued.
            blobName = $"{Uri.EscapeDataString(partition)}/{packetRow}-{Guid.NewGuid():N}";
            var containerClient = await container.GetAsync(cancellationToken);
            await containerClient.UploadBlobAsync(blobName, BinaryData.FromBytes(packet.Packet), cancellationToken);
            row[BlobProperty] = blobName;
        }
        else
        {
            AzurePacketBody.Write(row, packet.Packet);
        }

        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.Add, row),
            new(TableTransactionActionType.Add, new TableEntity(partition, messageRow)
            {
                [SequenceProperty] = packet.Sequence,
                [EnqueuedAtProperty] = packet.EnqueuedAt,
            }),
        ];
        try
        {
            await tableClient.SubmitTransactionAsync(actions, cancellationToken);
            return new MailboxAppendResult(packet.Sequence, Duplicate: false);
        }
        catch (TableTransactionFailedException e) when (e.Status == Conflict)
        {
            return await ResolveConflictAsync(tableClient, partition, messageRow, packet, blobName, cancellationToken);
        }
        catch when (blobName is not null)
        {
            await DeleteBlobsAsync([blobName], CancellationToken.None);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredPacket>> ReadAsync(string nodeId, long afterSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        var partition = AzureTableKeys.Partition(nodeId);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        var packets = new List<StoredPacket>();
        if (maxCount == 0 || afterSequence == long.MaxValue)
        {
            return packets;
        }

        var tableClient = await table.GetAsync(cancellationToken);
        var from = afterSequence < 0 ? AzureTableKeys.PacketRowPrefix : AzureTableKeys.PacketRow(afterSequence + 1);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {AzureTableKeys.PacketRowEnd}");
        var rows = tableClient.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(maxCount, 1000), cancellationToken: cancellationToken);
        await foreach (var row in rows)
        {
            packets.Add(await ToPacketAsync(row, cancellationToken));
            if (packets.Count == maxCount)
            {
                break;
            }
        }

        return packets;
    }

    /// <inheritdoc />
    public async Task<int> DeleteAsync(string nodeId, IReadOnlyCollection<long> sequences, CancellationToken cancellationToken = default)
    {
        var partition = AzureTableKeys.Partition(nodeId);
        ArgumentNullException.ThrowIfNull(sequences);
        var wanted = sequences.Where(s => s >= 0).ToHashSet();
        if (wanted.Count == 0)
        {
            return 0;
        }

        // The rows are read first for their ETags (so a row re-created under the same key is left alone) and blob
        // names: one range query per run of nearby sequences instead of one point read per sequence.
        var tableClient = await table.GetAsync(cancellationToken);
        var found = new List<TableEntity>();
        foreach (var batch in Runs(wanted).Chunk(MaxParallelRequests))
        {
            var reads = await Task.WhenAll(batch.Select(run => ReadRunAsync(tableClient, partition, run, wanted, cancellationToken)));
            found.AddRange(reads.SelectMany(rows => rows));
        }

        return (await DeletePacketsAsync(tableClient, partition, found, cancellationToken)).Count;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<long>> DeleteEnqueuedBeforeAsync(string nodeId, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var partition = AzureTableKeys.Partition(nodeId);
        var tableClient = await table.GetAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey ge {AzureTableKeys.PacketRowPrefix} and RowKey lt {AzureTableKeys.PacketRowEnd} and EnqueuedAt lt {cutoff}");
        var messageFilter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey ge {AzureTableKeys.MessageRowPrefix} and RowKey lt {AzureTableKeys.MessageRowEnd} and EnqueuedAt lt {cutoff}");
        var expiredQuery = QueryAsync(tableClient, filter, DeleteColumns, cancellationToken);
        var forgottenQuery = QueryAsync(tableClient, messageFilter, ["RowKey"], cancellationToken);
        await Task.WhenAll(expiredQuery, forgottenQuery);

        var deleted = await DeletePacketsAsync(tableClient, partition, await expiredQuery, cancellationToken);

        // Acknowledged message ids are remembered until their packets would have expired, then forgotten: only once
        // the packets are gone, so a sweep cut short never forgets the id of a packet still queued.
        var forgotten = (await forgottenQuery).Select(row => (row.RowKey, row.ETag)).ToList();
        await AzureTableRows.DeleteAsync(tableClient, partition, forgotten, cancellationToken);
        deleted.Sort();
        return deleted;
    }

    /// <inheritdoc />
    public async Task DeleteAllAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        var partition = AzureTableKeys.Partition(nodeId);
        var tableClient = await table.GetAsync(cancellationToken);
        var rows = new List<(string RowKey, ETag ETag)>();
        var blobNames = new List<string>();
        await foreach (var row in AzureTableRows.Partition(tableClient, partition, ["RowKey", BlobProperty], cancellationToken))
        {
            rows.Add((row.RowKey, ETag.All));
            if (row.GetString(BlobProperty) is { } blobName)
            {
                blobNames.Add(blobName);
            }
        }

        await AzureTableRows.DeleteAsync(tableClient, partition, rows, cancellationToken);
        await DeleteBlobsAsync(blobNames, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<MailboxSummary> SummarizeAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        var partition = AzureTableKeys.Partition(nodeId);
        var tableClient = await table.GetAsync(cancellationToken);
        int count = 0;
        long bytes = 0, highest = 0;
        var bySender = new Dictionary<string, MailboxUsage>(StringComparer.Ordinal);
        var rows = AzureTableRows.Range(
            tableClient, partition, AzureTableKeys.PacketRowPrefix, AzureTableKeys.PacketRowEnd, SummaryColumns, cancellationToken);
        await foreach (var row in rows)
        {
            var size = row.GetInt32(SizeProperty) ?? 0;
            count++;
            bytes += size;
            highest = Math.Max(highest, AzureTableKeys.ParsePacketRow(row.RowKey));
            var sender = Convert.ToHexStringLower(row.GetBinary(SenderRootProperty) ?? []);
            var usage = bySender.GetValueOrDefault(sender);
            bySender[sender] = new MailboxUsage(usage.Count + 1, usage.Bytes + size);
        }

        return new MailboxSummary(count, bytes, highest, bySender);
    }

    private async Task<MailboxAppendResult> ResolveConflictAsync(
        TableClient tableClient, string partition, string messageRow, StoredPacket packet, string? blobName, CancellationToken cancellationToken)
    {
        var existing = await tableClient.GetEntityIfExistsAsync<TableEntity>(partition, messageRow, [SequenceProperty], cancellationToken);
        if (!existing.HasValue)
        {
            await DeleteBlobsAsync(blobName is null ? [] : [blobName], CancellationToken.None);
            throw new InvalidOperationException(
                $"Sequence {packet.Sequence} is already taken by another packet in this mailbox.");
        }

        var storedSequence = existing.Value!.GetInt64(SequenceProperty)
            ?? throw new InvalidDataException($"Message row {messageRow} has no sequence.");
        if (blobName is not null)
        {
            // Keep the blob only if the stored row is this very call's write (a transaction the client retried).
            var stored = await tableClient.GetEntityIfExistsAsync<TableEntity>(
                partition, AzureTableKeys.PacketRow(storedSequence), [BlobProperty], cancellationToken);
            if (!stored.HasValue || stored.Value!.GetString(BlobProperty) != blobName)
            {
                await DeleteBlobsAsync([blobName], CancellationToken.None);
            }
        }

        // The same sequence means the first attempt of this very call committed and only its reply was lost.
        return new MailboxAppendResult(storedSequence, Duplicate: storedSequence != packet.Sequence);
    }

    /// <summary>
    /// The sequences in ascending runs, a new run starting where the next sequence is more than
    /// <see cref="MaxRunGap"/> above the last.
    /// </summary>
    private static List<(long First, long Last)> Runs(IEnumerable<long> sequences)
    {
        var runs = new List<(long First, long Last)>();
        foreach (var sequence in sequences.Order())
        {
            if (runs.Count > 0 && sequence - runs[^1].Last <= MaxRunGap)
            {
                runs[^1] = (runs[^1].First, sequence);
            }
            else
            {
                runs.Add((sequence, sequence));
            }
        }

        return runs;
    }

    private static async Task<IEnumerable<TableEntity>> ReadRunAsync(
        TableClient tableClient, string partition, (long First, long Last) run, HashSet<long> wanted, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey ge {AzureTableKeys.PacketRow(run.First)} and RowKey le {AzureTableKeys.PacketRow(run.Last)}");
        var rows = await QueryAsync(tableClient, filter, DeleteColumns, cancellationToken);
        return rows.Where(row => wanted.Contains(AzureTableKeys.ParsePacketRow(row.RowKey)));
    }

    private static async Task<List<TableEntity>> QueryAsync(
        TableClient tableClient, string filter, IEnumerable<string> select, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in tableClient.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: select, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    private async Task<List<long>> DeletePacketsAsync(
        TableClient tableClient, string partition, IReadOnlyList<TableEntity> packetRows, CancellationToken cancellationToken)
    {
        // The message-id rows stay: they are forgotten by retention, so a resend after an ack is not stored again.
        var rows = packetRows.Select(row => (row.RowKey, row.ETag)).ToList();

        var deleted = await AzureTableRows.DeleteAsync(tableClient, partition, rows, cancellationToken);
        var removed = packetRows.Where(row => deleted.Contains(row.RowKey)).ToList();
        await DeleteBlobsAsync(removed.Select(row => row.GetString(BlobProperty)).OfType<string>().ToList(), cancellationToken);
        return removed.Select(row => AzureTableKeys.ParsePacketRow(row.RowKey)).ToList();
    }

    private async Task<StoredPacket> ToPacketAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var size = row.GetInt32(SizeProperty) ?? throw new InvalidDataException($"Packet row {row.RowKey} has no size.");
        byte[] body;
        if (row.GetString(BlobProperty) is { } blobName)
        {
            var containerClient = await container.GetAsync(cancellationToken);
            var download = await containerClient.GetBlobClient(blobName).DownloadContentAsync(cancellationToken);
            body = download.Value.Content.ToArray();
        }
        else
        {
            body = AzurePacketBody.Read(row, size);
        }

        var envelope = new MailboxEnvelope(
            row.GetBinary(SenderRootProperty) ?? throw new InvalidDataException($"Packet row {row.RowKey} has no sender root."),
            row.GetBinary(SenderNodeProperty) ?? throw new InvalidDataException($"Packet row {row.RowKey} has no sender node."),
            row.GetString(MessageIdProperty) ?? throw new InvalidDataException($"Packet row {row.RowKey} has no message id."),
            body);
        return new StoredPacket(
            AzureTableKeys.ParsePacketRow(row.RowKey),
            envelope,
            row.GetDateTimeOffset(EnqueuedAtProperty) ?? throw new InvalidDataException($"Packet row {row.RowKey} has no enqueue time."));
    }

    private async Task DeleteBlobsAsync(IReadOnlyCollection<string> blobNames, CancellationToken cancellationToken)
    {
        if (blobNames.Count == 0)
        {
            return;
        }

        var containerClient = await container.GetAsync(cancellationToken);
        foreach (var batch in blobNames.Chunk(MaxParallelRequests))
        {
            await Task.WhenAll(batch.Select(blobName =>
                containerClient.DeleteBlobIfExistsAsync(blobName, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken)));
        }
    }
}
