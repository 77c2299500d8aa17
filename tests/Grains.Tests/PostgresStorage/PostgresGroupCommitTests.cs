using Npgsql;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Storage.Postgres;
using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests.PostgresStorage;

/// <summary>Writes that arrive together share one transaction and one round trip, commit synchronously, and fail alone.</summary>
public sealed class PostgresGroupCommitTests(PostgresStoreFixture fixture) : IClassFixture<PostgresStoreFixture>
{
    private static StoredPacket Packet(long sequence, string messageId) =>
        new(sequence, new MailboxEnvelope(TestData.Bytes(32), TestData.Bytes(32), messageId, TestData.Bytes(64)), ClusterFixture.Epoch);

    [Fact]
    public async Task Appends_arriving_together_are_committed_in_fewer_transactions_than_writes()
    {
        var database = fixture.Database;
        var store = new PostgresMailboxStore(database);
        var node = GrainKeys.ForNode(TestData.NodeId());
        var (batches, writes) = (database.Writer.Batches, database.Writer.Writes);

        var results = await Task.WhenAll(Enumerable.Range(1, 300).Select(i => store.AppendAsync(node, Packet(i, $"m-{i}"))));

        Assert.All(results, r => Assert.False(r.Duplicate));
        Assert.Equal(300, database.Writer.Writes - writes);
        Assert.True(database.Writer.Batches - batches < 300, $"{database.Writer.Batches - batches} transactions for 300 writes");
        Assert.Equal(300, (await store.SummarizeAsync(node)).Count);
    }

    [Fact]
    public async Task A_write_that_fails_in_a_batch_fails_alone_and_the_others_commit()
    {
        var store = new PostgresMailboxStore(fixture.Database);
        var node = GrainKeys.ForNode(TestData.NodeId());
        await store.AppendAsync(node, Packet(1, "first"));

        // Sequence 1 is taken by another message: a primary-key violation, in the same batches as good appends.
        var bad = Enumerable.Range(0, 5).Select(i => store.AppendAsync(node, Packet(1, $"clash-{i}"))).ToList();
        var good = Enumerable.Range(2, 50).Select(i => store.AppendAsync(node, Packet(i, $"m-{i}"))).ToList();

        foreach (var write in bad)
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => write);
            Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        }

        Assert.All(await Task.WhenAll(good), r => Assert.False(r.Duplicate));
        var stored = await store.ReadAsync(node, 0, 100);
        Assert.Equal(51, stored.Count);
        Assert.Equal("first", stored[0].MessageId);
    }

    [Fact]
    public async Task Connections_commit_synchronously_even_where_the_server_default_is_off()
    {
        var server = await Postgres.GetServerConnectionStringAsync();
        var name = new NpgsqlConnectionStringBuilder(fixture.Database.ConnectionString).Database;
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var off = new NpgsqlCommand($"ALTER DATABASE \"{name}\" SET synchronous_commit = off;", admin);
            await off.ExecuteNonQueryAsync();
        }

        var plain = new NpgsqlConnectionStringBuilder(fixture.Database.ConnectionString) { Options = null, Pooling = false }.ConnectionString;
        await using (var serverDefault = NpgsqlDataSource.Create(plain))
        {
            Assert.Equal("off", await ShowAsync(serverDefault));
        }

        await using var database = new PostgresDatabase(new SiloPostgresOptions { ConnectionString = plain });
        Assert.Equal("on", await ShowAsync(database.DataSource));
    }

    private static async Task<string> ShowAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SHOW synchronous_commit;");
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
