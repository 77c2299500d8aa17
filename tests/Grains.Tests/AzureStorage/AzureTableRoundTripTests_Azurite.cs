using System.Diagnostics;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Storage.AzureTables;
using Wickr.Cluster.Grains.Tests.Fixtures;
using Xunit.Abstractions;

namespace Wickr.Cluster.Grains.Tests.AzureStorage;

/// <summary>
/// How many storage requests the Azure Table stores spend on an ack, a retention sweep, a node removal and a claim.
/// The figures go to the test output (bench/Cluster.Load/README.md quotes them); the bounds keep them from creeping back.
/// </summary>
public sealed class AzureTableRoundTripTests_Azurite(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Runs = 5;
    private static readonly DateTimeOffset T0 = ClusterFixture.Epoch;
    private static readonly Sender Alice = Sender.New();

    private readonly RequestCounter tableRequests = new();
    private readonly RequestCounter blobRequests = new();
    private readonly SiloAzureStorageOptions options = new() { TablePrefix = Azurite.UniquePrefix("trips") };
    private AzureTableMailboxStore mailbox = null!;
    private AzureTableEphemeralKeyStore keys = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await Azurite.GetConnectionStringAsync();
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(tableRequests, HttpPipelinePosition.PerRetry);
        var blobOptions = new BlobClientOptions();
        blobOptions.AddPolicy(blobRequests, HttpPipelinePosition.PerRetry);
        var tables = new TableServiceClient(connectionString, tableOptions);
        mailbox = new AzureTableMailboxStore(tables, new BlobServiceClient(connectionString, blobOptions), options);
        keys = new AzureTableEphemeralKeyStore(tables, options);

        // Creates the table, so that no measurement pays for it.
        await mailbox.SummarizeAsync(NewNode());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_ack_of_50_queued_packets_is_one_query_and_one_transaction()
    {
        var figures = await MeasureAsync(60, node => mailbox.DeleteAsync(node, [.. Enumerable.Range(1, 50).Select(i => (long)i)]));

        Assert.All(figures.Results, deleted => Assert.Equal(50, deleted));
        Report("ack of 50 of 60 queued packets", figures);
        Assert.Equal(2, figures.TableRequests);
        Assert.Equal(0, figures.BlobRequests);
    }

    [Fact]
    public async Task An_ack_of_150_scattered_packets_costs_a_query_per_cluster_and_a_transaction_per_hundred_rows()
    {
        // Three clusters of 50: 1-50, 1001-1050, 5001-5050, in a mailbox holding every other sequence in between.
        long[] acked = [.. Enumerable.Range(1, 50), .. Enumerable.Range(1001, 50), .. Enumerable.Range(5001, 50)];
        var figures = await MeasureAsync(acked, node => mailbox.DeleteAsync(node, acked), filler: [100, 500, 2000, 4000, 6000]);

        Assert.All(figures.Results, deleted => Assert.Equal(150, deleted));
        Report("ack of 150 packets in 3 runs", figures);
        Assert.Equal(5, figures.TableRequests);
    }

    [Fact]
    public async Task A_retention_sweep_and_a_node_removal_delete_in_transactions_of_100()
    {
        var sweep = await MeasureAsync(150, async node => (await mailbox.DeleteEnqueuedBeforeAsync(node, T0.AddDays(1))).Count);
        Assert.All(sweep.Results, expired => Assert.Equal(150, expired));
        Report("retention sweep of 150 packets", sweep);

        var removal = await MeasureAsync(150, async node =>
        {
            await mailbox.DeleteAllAsync(node);
            return 0;
        });
        Report("node removal, 150 packets", removal);

        // Two queries (packets, remembered ids), then two transactions each for the 150 packet rows and their id rows.
        Assert.Equal(6, sweep.TableRequests);

        // One query of the partition, three transactions for 300 rows (packet and message-id rows).
        Assert.Equal(4, removal.TableRequests);
    }

    [Fact]
    public async Task A_claim_is_one_round_trip_won_or_lost()
    {
        var node = NewNode();
        await keys.AddAsync(node, [new EphemeralKeyRecord(1, TestData.PublicKey(), TestData.Signature())]);

        var before = tableRequests.Count;
        Assert.True(await keys.TryRemoveAsync(node, 1));
        Assert.Equal(1, tableRequests.Count - before);

        before = tableRequests.Count;
        Assert.False(await keys.TryRemoveAsync(node, 1));
        Assert.Equal(1, tableRequests.Count - before);
    }

    private Task<Figures> MeasureAsync(int queued, Func<string, Task<int>> operation) =>
        MeasureAsync([.. Enumerable.Range(1, queued).Select(i => (long)i)], operation, filler: []);

    private async Task<Figures> MeasureAsync(long[] queued, Func<string, Task<int>> operation, long[] filler)
    {
        var results = new List<int>();
        var times = new List<double>();
        int tableTotal = 0, blobTotal = 0;
        for (var run = 0; run < Runs; run++)
        {
            var node = NewNode();
            foreach (var chunk in queued.Concat(filler).Order().Chunk(16))
            {
                await Task.WhenAll(chunk.Select(sequence =>
                    mailbox.AppendAsync(node, new StoredPacket(sequence, Alice.Envelope($"m{sequence}", TestData.Bytes(100)), T0))));
            }

            var (tables, blobs) = (tableRequests.Count, blobRequests.Count);
            var watch = Stopwatch.StartNew();
            results.Add(await operation(node));
            times.Add(watch.Elapsed.TotalMilliseconds);
            tableTotal += tableRequests.Count - tables;
            blobTotal += blobRequests.Count - blobs;
        }

        times.Sort();
        return new Figures(results, tableTotal / Runs, blobTotal / Runs, times[Runs / 2]);
    }

    private void Report(string what, Figures figures) =>
        output.WriteLine($"{what}: {figures.TableRequests} table requests, {figures.BlobRequests} blob requests, median {figures.MedianMs:F1} ms");

    private static string NewNode() => GrainKeys.ForNode(TestData.NodeId());

    private sealed record Figures(List<int> Results, int TableRequests, int BlobRequests, double MedianMs);
}
