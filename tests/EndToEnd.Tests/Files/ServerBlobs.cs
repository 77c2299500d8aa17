using Azure.Storage.Blobs;
using Wickr.Cluster.EndToEnd.Tests.Harness;

namespace Wickr.Cluster.EndToEnd.Tests.Files;

/// <summary>Direct access to the server's stored blobs, as an attacker with the disk (or the storage account) has it.</summary>
internal interface IServerBlobs
{
    Task<bool> ExistsAsync(string blobId);

    Task<byte[]> ReadAsync(string blobId);

    Task WriteAsync(string blobId, byte[] content);

    /// <summary>Every byte the server's storage holds (data folder, or every table entity and blob of the account's files container).</summary>
    Task<IReadOnlyList<(string Where, byte[] Bytes)>> EverythingAsync();
}

/// <summary>The embedded mode: <c>files/&lt;id&gt;.blob</c> beside the SQLite file in the data folder.</summary>
internal sealed class EmbeddedServerBlobs(TestCluster cluster) : IServerBlobs
{
    private string PathOf(string blobId) => Path.Combine(cluster.DataDirectory, "files", blobId + ".blob");

    public Task<bool> ExistsAsync(string blobId) => Task.FromResult(File.Exists(PathOf(blobId)));

    public Task<byte[]> ReadAsync(string blobId) => File.ReadAllBytesAsync(PathOf(blobId));

    public Task WriteAsync(string blobId, byte[] content) => File.WriteAllBytesAsync(PathOf(blobId), content);

    public async Task<IReadOnlyList<(string Where, byte[] Bytes)>> EverythingAsync()
    {
        var all = new List<(string, byte[])>();
        foreach (var file in Directory.GetFiles(cluster.DataDirectory, "*", SearchOption.AllDirectories))
        {
            all.Add((Path.GetRelativePath(cluster.DataDirectory, file), await File.ReadAllBytesAsync(file)));
        }
        return all;
    }
}

/// <summary>The cluster mode: block blobs in the container <c>&lt;prefix&gt;-files</c> of the Azurite account.</summary>
internal sealed class AzureServerBlobs(TestCluster cluster, string connectionString) : IServerBlobs
{
    private BlobContainerClient Container => new BlobServiceClient(connectionString).GetBlobContainerClient(cluster.TablePrefix.ToLowerInvariant() + "-files");

    public async Task<bool> ExistsAsync(string blobId) => (await Container.GetBlobClient(blobId).ExistsAsync()).Value;

    public async Task<byte[]> ReadAsync(string blobId) => (await Container.GetBlobClient(blobId).DownloadContentAsync()).Value.Content.ToArray();

    public Task WriteAsync(string blobId, byte[] content) => Container.GetBlobClient(blobId).UploadAsync(new BinaryData(content), overwrite: true);

    public async Task<IReadOnlyList<(string Where, byte[] Bytes)>> EverythingAsync()
    {
        var all = new List<(string, byte[])>();
        await foreach (var blob in Container.GetBlobsAsync())
        {
            all.Add((blob.Name, await ReadAsync(blob.Name)));
        }
        var tables = new Azure.Data.Tables.TableServiceClient(connectionString);
        await foreach (var table in tables.QueryAsync())
        {
            if (!table.Name.StartsWith(cluster.TablePrefix, StringComparison.Ordinal))
            {
                continue;
            }
            var bytes = new List<byte>();
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<Azure.Data.Tables.TableEntity>())
            {
                foreach (var (_, value) in entity)
                {
                    bytes.AddRange(value switch
                    {
                        byte[] binary => binary,
                        BinaryData data => data.ToArray(),
                        string text => System.Text.Encoding.UTF8.GetBytes(text),
                        _ => [],
                    });
                }
            }
            all.Add((table.Name, bytes.ToArray()));
        }
        return all;
    }
}
