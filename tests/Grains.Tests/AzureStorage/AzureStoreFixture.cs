using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Grains.Storage.AzureTables;

namespace Wickr.Cluster.Grains.Tests.AzureStorage;

/// <summary>Azure Table stores on the emulator, under a table prefix of this fixture's own.</summary>
public sealed class AzureStoreFixture : IAsyncLifetime
{
    private readonly SiloAzureStorageOptions options = new() { TablePrefix = Azurite.UniquePrefix("contract") };
    private TableServiceClient tables = null!;
    private BlobServiceClient blobs = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await Azurite.GetConnectionStringAsync();
        tables = new TableServiceClient(connectionString);
        blobs = new BlobServiceClient(connectionString);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A new store instance, as a fresh activation on some silo would hold.</summary>
    public AzureTableMailboxStore MailboxStore() => new(tables, blobs, options);

    /// <summary>A new store instance, as a fresh activation on some silo would hold.</summary>
    public AzureTableEphemeralKeyStore EphemeralKeyStore() => new(tables, options);

    /// <summary>The key table itself (created if missing), to write rows as an earlier release did.</summary>
    public async Task<TableClient> EphemeralKeyTableAsync()
    {
        var table = tables.GetTableClient(options.EphemeralKeyTableName);
        await table.CreateIfNotExistsAsync();
        return table;
    }
}
