using Azure;
using Azure.Data.Tables;

namespace Wickr.Cluster.Grains.Storage.AzureTables;

/// <summary>Row operations shared by the stores.</summary>
internal static class AzureTableRows
{
    /// <summary>An entity group transaction holds at most 100 operations.</summary>
    public const int MaxTransactionSize = 100;

    private const int NotFound = 404;
    private const int PreconditionFailed = 412;
    private const int MaxParallelTransactions = 4;
    private const int MaxParallelRowDeletes = 16;

    /// <summary>
    /// Deletes rows of one partition in transactions of 100, each row only if its ETag still matches; several
    /// transactions go out at once. A transaction fails whole when another caller removed or changed one of its rows
    /// first (a retention sweep racing an ack); its rows are then deleted one by one, so each row is counted by
    /// exactly one caller. Returns the row keys this call removed.
    /// </summary>
    public static async Task<HashSet<string>> DeleteAsync(
        TableClient table, string partitionKey, IReadOnlyList<(string RowKey, ETag ETag)> rows, CancellationToken cancellationToken)
    {
        var deleted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var wave in rows.Chunk(MaxTransactionSize).Chunk(MaxParallelTransactions))
        {
            var removed = await Task.WhenAll(wave.Select(chunk => DeleteChunkAsync(table, partitionKey, chunk, cancellationToken)));
            foreach (var rowKeys in removed)
            {
                deleted.UnionWith(rowKeys);
            }
        }

        return deleted;
    }

    /// <summary>Deletes one row if it exists and its ETag matches; true only when this call removed it.</summary>
    public static async Task<bool> TryDeleteAsync(
        TableClient table, string partitionKey, string rowKey, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            // The SDK reports a missing row as a 404 response rather than an exception.
            using var response = await table.DeleteEntityAsync(partitionKey, rowKey, etag, cancellationToken);
            return response.Status != NotFound;
        }
        catch (RequestFailedException e) when (e.Status is NotFound or PreconditionFailed)
        {
            return false;
        }
    }

    /// <summary>Every row of a partition whose row key lies in [<paramref name="from"/>, <paramref name="to"/>), with only the named properties.</summary>
    public static AsyncPageable<TableEntity> Range(
        TableClient table, string partitionKey, string from, string to, IEnumerable<string>? select, CancellationToken cancellationToken) =>
        table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {from} and RowKey lt {to}"),
            maxPerPage: 1000,
            select: select,
            cancellationToken: cancellationToken);

    /// <summary>Every row of a partition, with only the named properties.</summary>
    public static AsyncPageable<TableEntity> Partition(
        TableClient table, string partitionKey, IEnumerable<string>? select, CancellationToken cancellationToken) =>
        table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}"), maxPerPage: 1000, select: select, cancellationToken: cancellationToken);

    private static async Task<IEnumerable<string>> DeleteChunkAsync(
        TableClient table, string partitionKey, (string RowKey, ETag ETag)[] chunk, CancellationToken cancellationToken)
    {
        var actions = chunk
            .Select(row => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partitionKey, row.RowKey), row.ETag))
            .ToList();
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return chunk.Select(row => row.RowKey);
        }
        catch (TableTransactionFailedException e) when (e.Status is NotFound or PreconditionFailed)
        {
            var removed = new List<string>();
            foreach (var wave in chunk.Chunk(MaxParallelRowDeletes))
            {
                var outcomes = await Task.WhenAll(wave.Select(row => TryDeleteAsync(table, partitionKey, row.RowKey, row.ETag, cancellationToken)));
                removed.AddRange(wave.Where((_, i) => outcomes[i]).Select(row => row.RowKey));
            }

            return removed;
        }
    }
}
