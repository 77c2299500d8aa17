using Azure;
using Azure.Data.Tables;
using Wickr.Cluster.Grains.Storage.AzureTables;

namespace Wickr.Cluster.Grains.Tests.AzureStorage;

/// <summary>Batched deletes when other callers got to some rows first: the failed transaction's rows go one by one.</summary>
public sealed class AzureTableRowsTests_Azurite : IAsyncLifetime
{
    private TableClient table = null!;

    public async Task InitializeAsync()
    {
        var tables = new TableServiceClient(await Azurite.GetConnectionStringAsync());
        table = tables.GetTableClient(Azurite.UniquePrefix("rows"));
        await table.CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync() => await table.DeleteAsync();

    [Fact]
    public async Task Rows_removed_or_changed_by_someone_else_are_skipped_and_the_others_of_their_transaction_deleted()
    {
        const string partition = "p";
        var keys = Enumerable.Range(0, 250).Select(i => i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        foreach (var chunk in keys.Chunk(AzureTableRows.MaxTransactionSize))
        {
            await table.SubmitTransactionAsync(chunk.Select(key => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, key))));
        }

        var rows = new List<(string RowKey, ETag ETag)>();
        await foreach (var row in AzureTableRows.Partition(table, partition, ["RowKey"], CancellationToken.None))
        {
            rows.Add((row.RowKey, row.ETag));
        }

        // In the first transaction a row is gone, in the second one changed; the third is untouched.
        await table.DeleteEntityAsync(partition, "0010");
        await table.UpsertEntityAsync(new TableEntity(partition, "0150") { ["Changed"] = true }, TableUpdateMode.Replace);

        var deleted = await AzureTableRows.DeleteAsync(table, partition, rows, CancellationToken.None);

        Assert.Equal(248, deleted.Count);
        Assert.DoesNotContain("0010", deleted);
        Assert.DoesNotContain("0150", deleted);
        var left = new List<string>();
        await foreach (var row in AzureTableRows.Partition(table, partition, ["RowKey"], CancellationToken.None))
        {
            left.Add(row.RowKey);
        }

        Assert.Equal(["0150"], left);
    }
}
