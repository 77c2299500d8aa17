using Npgsql;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Storage.Postgres;
using Wickr.Cluster.Grains.Tests.Fixtures;
using Wickr.Cluster.Grains.Tests.Storage;

namespace Wickr.Cluster.Grains.Tests.PostgresStorage;

public sealed class PostgresMailboxStoreTests(PostgresStoreFixture fixture)
    : MailboxStoreContractTests, IClassFixture<PostgresStoreFixture>
{
    private readonly IMailboxStore store = new PostgresMailboxStore(fixture.Database);

    protected override IMailboxStore Store => store;

    protected override async Task<long?> StoredCopiesAsync(byte[] packet)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(packet);

        // The count kept beside a body is the number of rows naming it, whatever happened before.
        Assert.Equal(await ScalarAsync("SELECT count(*) FROM mailbox_packet WHERE body_hash = $1;", hash),
            await ScalarAsync("SELECT coalesce(sum(refs), 0)::bigint FROM mailbox_body WHERE hash = $1;", hash));
        return await ScalarAsync("SELECT count(*) FROM mailbox_body WHERE hash = $1;", hash)
            + await ScalarAsync("SELECT count(*) FROM mailbox_packet WHERE packet = $1;", packet);
    }

    [Fact]
    public async Task Appends_of_one_body_from_two_silos_and_their_acks_keep_one_copy_and_a_true_count()
    {
        var other = new PostgresMailboxStore(fixture.OtherDatabase);
        var body = TestData.Bytes(5000);
        var nodes = Enumerable.Range(0, 30).Select(_ => GrainKeys.ForNode(TestData.NodeId())).ToArray();
        var sender = Sender.New();
        await Task.WhenAll(nodes.Select((node, i) => (i % 2 == 0 ? store : other).AppendAsync(node, new StoredPacket(1, sender.Envelope("two-silos", body), ClusterFixture.Epoch))));
        Assert.Equal(1L, await StoredCopiesAsync(body));

        // Acks from both silos at once, and one more mailbox meanwhile.
        var extra = GrainKeys.ForNode(TestData.NodeId());
        var acks = Task.WhenAll(nodes.Select((node, i) => (i % 2 == 1 ? store : other).DeleteAsync(node, [1])));
        await store.AppendAsync(extra, new StoredPacket(1, sender.Envelope("two-silos", body), ClusterFixture.Epoch));
        Assert.All(await acks, deleted => Assert.Equal(1, deleted));
        Assert.Equal(body, Assert.Single(await other.ReadAsync(extra, 0, 10)).Packet);
        Assert.Equal(1L, await StoredCopiesAsync(body));

        await other.DeleteAllAsync(extra);
        Assert.Equal(0L, await StoredCopiesAsync(body));
    }

    private async Task<long> ScalarAsync(string sql, byte[] value)
    {
        await using var command = fixture.Database.DataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = value });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
