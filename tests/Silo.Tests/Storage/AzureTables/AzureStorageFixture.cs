using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Grains.Storage.AzureTables;

namespace Wickr.Cluster.Silo.Tests.Storage.AzureTables;

/// <summary>Clients for the emulator and a table prefix of this fixture's own.</summary>
public sealed class AzureStorageFixture : IAsyncLifetime
{
    public TableServiceClient Tables { get; private set; } = null!;

    public BlobServiceClient Blobs { get; private set; } = null!;

    public SiloAzureStorageOptions Options { get; } = new() { TablePrefix = Azurite.UniquePrefix("store") };

    public async Task InitializeAsync()
    {
        var connectionString = await Azurite.GetConnectionStringAsync();
        Tables = new TableServiceClient(connectionString);
        Blobs = new BlobServiceClient(connectionString);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public AzureTableMailboxStore MailboxStore(int? maxInlinePacketBytes = null) =>
        new(Tables, Blobs, new SiloAzureStorageOptions
        {
            TablePrefix = Options.TablePrefix,
            MaxInlinePacketBytes = maxInlinePacketBytes ?? Options.MaxInlinePacketBytes,
        });

    public AzureTableEphemeralKeyStore EphemeralKeyStore() => new(Tables, Options);

    /// <summary>Names of the blobs holding large packet bodies.</summary>
    public async Task<List<string>> PacketBlobsAsync()
    {
        var container = Blobs.GetBlobContainerClient(Options.PacketContainerName);
        var names = new List<string>();
        if (!await container.ExistsAsync())
        {
            return names;
        }

        await foreach (var blob in container.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }

    public static string NewNodeId() => Convert.ToHexString(Guid.NewGuid().ToByteArray());
}
