using Microsoft.Data.Sqlite;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Storage.Sqlite;
using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests.Storage.Sqlite;

public sealed class SqliteMailboxStoreTests : MailboxStoreContractTests, IDisposable
{
    private readonly SqliteTestDatabase _database = new();

    protected override IMailboxStore Store => new SqliteMailboxStore(_database.First);

    public void Dispose() => _database.Dispose();

    protected override async Task<long?> StoredCopiesAsync(byte[] packet)
    {
        await using var connection = await _database.First.OpenAsync(CancellationToken.None);
        var hash = System.Security.Cryptography.SHA256.HashData(packet);

        // The count kept beside a body is the number of rows naming it, whatever happened before.
        Assert.Equal(await ScalarAsync(connection, "SELECT count(*) FROM mailbox_packet WHERE body_hash = $value;", hash),
            await ScalarAsync(connection, "SELECT coalesce(sum(refs), 0) FROM mailbox_body_ref WHERE hash = $value;", hash));
        return await ScalarAsync(connection, "SELECT count(*) FROM mailbox_body WHERE hash = $value;", hash)
            + await ScalarAsync(connection, "SELECT count(*) FROM mailbox_packet WHERE packet = $value;", packet);
    }

    [Fact]
    public async Task An_append_whose_body_cannot_be_written_leaves_neither_its_row_nor_a_count()
    {
        var node = GrainKeys.ForNode(TestData.NodeId());
        var packet = new StoredPacket(1, Sender.Default.Envelope("refused", TestData.Bytes(700)), ClusterFixture.Epoch);

        // The body insert fails after the row and its count were written (as a full disk would at that step).
        await ExecuteOnWriterAsync("CREATE TEMP TRIGGER refuse_body BEFORE INSERT ON mailbox_body BEGIN SELECT RAISE(ABORT, 'no room for the body'); END;");
        var refused = await Assert.ThrowsAsync<SqliteException>(() => Store.AppendAsync(node, packet));
        Assert.Contains("no room for the body", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await Store.ReadAsync(node, 0, 10));
        Assert.Equal(0L, await StoredCopiesAsync(packet.Packet));

        // Nothing half-done stands in the way: the same append goes through once the body can be written.
        await ExecuteOnWriterAsync("DROP TRIGGER refuse_body;");
        Assert.Equal(new MailboxAppendResult(1, false), await Store.AppendAsync(node, packet));
        Assert.Equal(packet.Packet, Assert.Single(await Store.ReadAsync(node, 0, 10)).Packet);
        Assert.Equal(1L, await StoredCopiesAsync(packet.Packet));
    }

    [Fact]
    public async Task A_body_shared_by_many_mailboxes_is_read_from_the_file_once_for_all_their_readers()
    {
        // A room message appended through one silo, read by every node's stream through another (nothing in memory yet).
        var body = TestData.Bytes(47_000);
        var nodes = Enumerable.Range(0, 40).Select(_ => GrainKeys.ForNode(TestData.NodeId())).ToArray();
        foreach (var node in nodes)
        {
            await Store.AppendAsync(node, new StoredPacket(1, Sender.Default.Envelope("room", body), ClusterFixture.Epoch));
        }

        var reader = new SqliteMailboxStore(_database.Second);
        var read = new List<byte[]>();
        foreach (var node in nodes)
        {
            read.Add(Assert.Single(await reader.ReadAsync(node, 0, 10)).Packet);
        }

        // One array for all 40 reads: the body came from the file once, and it is the body that was stored.
        Assert.Equal(body, read[0]);
        Assert.All(read, packet => Assert.Same(read[0], packet));
        Assert.Equal(body.Length + PacketBodyCache.EntryOverhead, _database.Second.Bodies.Bytes);

        // The silo that appended it reads the very array it was handed.
        Assert.Same(body, Assert.Single(await Store.ReadAsync(nodes[0], 0, 10)).Packet);
    }

    [Fact]
    public async Task A_silo_holding_no_bodies_in_memory_reads_each_from_the_file()
    {
        var folder = Path.Combine(Path.GetTempPath(), "wickr-grains-tests", $"nocache-{Guid.NewGuid():N}");
        try
        {
            using var database = new SqliteDatabase(Path.Combine(folder, "wickr.db"), new SqliteStorageOptions { BodyCacheBytes = 0 });
            var store = new SqliteMailboxStore(database);
            var body = TestData.Bytes(3_000);
            var (a, b) = (GrainKeys.ForNode(TestData.NodeId()), GrainKeys.ForNode(TestData.NodeId()));
            await store.AppendAsync(a, new StoredPacket(1, Sender.Default.Envelope("m", body), ClusterFixture.Epoch));
            await store.AppendAsync(b, new StoredPacket(1, Sender.Default.Envelope("m", body), ClusterFixture.Epoch));

            var (fromA, fromB) = (Assert.Single(await store.ReadAsync(a, 0, 1)).Packet, Assert.Single(await store.ReadAsync(b, 0, 1)).Packet);
            Assert.Equal(body, fromA);
            Assert.Equal(body, fromB);
            Assert.NotSame(fromA, fromB);
            Assert.Equal(0, database.Bodies.Bytes);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_negative_body_cache_is_refused_with_the_option_named()
    {
        var error = Assert.Throws<Wickr.Cluster.Configuration.InvalidConfigurationException>(
            () => new SqliteDatabase(Path.Combine(Path.GetTempPath(), "wickr-grains-tests", "never", "wickr.db"), new SqliteStorageOptions { BodyCacheBytes = -1 }));
        Assert.Contains("BodyCacheBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_from_before_shared_bodies_opens_as_it_is_and_its_inline_packets_read_and_delete()
    {
        var folder = Path.Combine(Path.GetTempPath(), "wickr-grains-tests", $"old-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "wickr.db");
        try
        {
            // The mailbox tables as the previous release created them, with a packet in its row.
            var node = GrainKeys.ForNode(TestData.NodeId());
            var inline = TestData.Bytes(900);
            await using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                await old.OpenAsync();
                await using var create = old.CreateCommand();
                create.CommandText = """
                    PRAGMA journal_mode = WAL;
                    CREATE TABLE mailbox_packet (
                        node_id TEXT NOT NULL, sequence INTEGER NOT NULL, sender_root BLOB NOT NULL, sender_node BLOB NOT NULL,
                        message_id TEXT NOT NULL, size INTEGER NOT NULL, enqueued_at INTEGER NOT NULL, packet BLOB NOT NULL,
                        PRIMARY KEY (node_id, sequence));
                    CREATE UNIQUE INDEX mailbox_packet_message ON mailbox_packet (node_id, sender_node, message_id);
                    CREATE INDEX mailbox_packet_enqueued ON mailbox_packet (node_id, enqueued_at);
                    INSERT INTO mailbox_packet VALUES ($node, 1, $root, $sender, 'before', $size, $at, $packet);
                    """;
                create.Parameters.AddWithValue("$node", node);
                create.Parameters.AddWithValue("$root", Sender.Default.RootIdentifier);
                create.Parameters.AddWithValue("$sender", Sender.Default.NodeIdentifier);
                create.Parameters.AddWithValue("$size", inline.Length);
                create.Parameters.AddWithValue("$at", ClusterFixture.Epoch.UtcTicks);
                create.Parameters.AddWithValue("$packet", inline);
                await create.ExecuteNonQueryAsync();
            }

            using var database = new SqliteDatabase(path, new SqliteStorageOptions());
            var store = new SqliteMailboxStore(database);
            var before = Assert.Single(await store.ReadAsync(node, 0, 10));
            Assert.Equal("before", before.MessageId);
            Assert.Equal(inline, before.Packet);

            // A packet after the upgrade is shared; the old one still counts, acks and is remembered as acked.
            var shared = TestData.Bytes(400);
            await store.AppendAsync(node, new StoredPacket(2, Sender.Default.Envelope("after", shared), ClusterFixture.Epoch));
            var summary = await store.SummarizeAsync(node);
            Assert.Equal((2, 1300L, 2L), (summary.Count, summary.Bytes, summary.HighestSequence));
            Assert.Equal(1, await store.DeleteAsync(node, [1]));
            Assert.True((await store.AppendAsync(node, new StoredPacket(3, Sender.Default.Envelope("before", inline), ClusterFixture.Epoch))).Duplicate);
            Assert.Equal(shared, Assert.Single(await store.ReadAsync(node, 0, 10)).Packet);
            await store.DeleteAllAsync(node);
            Assert.Empty(await store.ReadAsync(node, 0, 10));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private Task ExecuteOnWriterAsync(string sql) =>
        _database.First.Writer.WriteAsync(transaction => transaction.Command(sql).ExecuteNonQuery());

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql, byte[] value)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$value", value);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
