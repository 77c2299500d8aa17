using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Wickr.Cluster.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Wickr.Cluster.EndToEnd.Tests.Scenarios;

/// <summary>
/// The cluster mode: a silo on Azure Table clustering and Azure Storage (Azurite), a standalone gateway that finds it
/// through the membership table. The whole flow works, and afterwards no table entity or blob holds a secret.
/// </summary>
[TestCaseOrderer(RunLastOrderer.TypeName, RunLastOrderer.AssemblyName)]
[Trait("Category", "Slow")]
public sealed class AzureClusterTests(AzureClusterFixture fixture, ITestOutputHelper output) : IClassFixture<AzureClusterFixture>
{
    [Fact]
    public Task Multi_device_group_offline_and_last_resort_flows_work_on_azure_storage() => fixture.RunAsync(output, async w =>
    {
        await Flows.ExchangeAsync(w);
    });

    [Fact]
    [RunLast]
    public Task After_the_run_no_table_entity_and_no_blob_holds_a_body_a_private_key_or_a_symmetric_key() => fixture.RunAsync(output, async w =>
    {
        var publicKeys = await Flows.ExchangeAsync(w);
        Flows.AssertEveryKindRecorded(w.Recorder);
        await w.Cluster.StopAsync();

        var scanner = new StorageScanner(w.Recorder.Secrets);
        var everything = new List<byte>();
        var tables = new TableServiceClient(fixture.ConnectionString);
        var tableCount = 0;
        await foreach (var table in tables.QueryAsync())
        {
            tableCount++;
            var bytes = new List<byte>();
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                foreach (var (name, value) in entity)
                {
                    bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(name + "="));
                    bytes.AddRange(value switch
                    {
                        byte[] binary => binary,
                        BinaryData data => data.ToArray(),
                        string text => System.Text.Encoding.UTF8.GetBytes(text),
                        null => [],
                        _ => System.Text.Encoding.UTF8.GetBytes(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty),
                    });
                    bytes.Add(0);
                }
            }
            var found = scanner.Find(bytes.ToArray());
            Assert.True(found.Count == 0, $"table {table.Name} holds {found.Count} secrets: {string.Join(", ", found.Take(10))}");
            everything.AddRange(bytes);
        }
        Assert.True(tableCount > 0);

        var blobs = new BlobServiceClient(fixture.ConnectionString);
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                var content = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
                var found = scanner.Find(content);
                Assert.True(found.Count == 0, $"blob {container.Name}/{blob.Name} holds {found.Count} secrets: {string.Join(", ", found.Take(10))}");
                everything.AddRange(content);
            }
        }

        w.Log($"scanned {tableCount} tables and their blobs, {everything.Count:N0} bytes, for {w.Recorder.Secrets.Count:N0} secrets in {scanner.NeedleCount:N0} forms");
        var stored = everything.ToArray();
        Assert.All(publicKeys, key => Assert.NotEmpty(new StorageScanner([new KeyRecorder.Secret("root public key", key)]).Find(stored)));
    });
}
