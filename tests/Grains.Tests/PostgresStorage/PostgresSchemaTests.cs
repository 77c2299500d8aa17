using Npgsql;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Interfaces.Files;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Storage.Postgres;
using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests.PostgresStorage;

/// <summary>The versioned schema: applied by the migration, checked at silo start, upgraded from the previous version.</summary>
public sealed class PostgresSchemaTests : IAsyncLifetime
{
    private string connectionString = null!;
    private NpgsqlDataSource dataSource = null!;

    public async Task InitializeAsync()
    {
        connectionString = await Postgres.CreateDatabaseAsync("schema");
        dataSource = PostgresDatabase.CreateDataSource(connectionString);
    }

    public async Task DisposeAsync()
    {
        await dataSource.DisposeAsync();
        await Postgres.DropDatabaseAsync(connectionString);
    }

    [Fact]
    public async Task An_empty_database_is_refused_with_the_command_that_fixes_it_and_migrates_to_the_current_version_once()
    {
        Assert.Equal(0, await PostgresSchema.VersionAsync(dataSource));
        var refused = await Assert.ThrowsAsync<InvalidConfigurationException>(() => PostgresSchema.CheckAsync(dataSource));
        Assert.Contains("schema version 0", refused.Message, StringComparison.Ordinal);
        Assert.Contains("wickr-admin db migrate", refused.Message, StringComparison.Ordinal);

        Assert.Equal((0, PostgresSchema.CurrentVersion), await PostgresSchema.MigrateAsync(dataSource));
        Assert.Equal((PostgresSchema.CurrentVersion, PostgresSchema.CurrentVersion), await PostgresSchema.MigrateAsync(dataSource));
        await PostgresSchema.CheckAsync(dataSource);

        // Orleans' tables and queries are there, next to ours.
        await using var queries = dataSource.CreateCommand("SELECT count(*) FROM OrleansQuery WHERE QueryKey IN ('UpsertReminderRowKey', 'WriteToStorageKey', 'MembershipReadAllKey');");
        Assert.Equal(3L, await queries.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Two_migrators_at_once_apply_each_version_once()
    {
        var results = await Task.WhenAll(PostgresSchema.MigrateAsync(dataSource), PostgresSchema.MigrateAsync(dataSource));

        Assert.All(results, r => Assert.Equal(PostgresSchema.CurrentVersion, r.To));
        await using var rows = dataSource.CreateCommand("SELECT count(*) FROM wickr_schema;");
        Assert.Equal((long)PostgresSchema.CurrentVersion, await rows.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_database_of_the_previous_version_keeps_its_rows_through_the_upgrade()
    {
        var previous = PostgresSchema.CurrentVersion - 1;
        Assert.Equal((0, previous), await PostgresSchema.MigrateAsync(dataSource, previous));
        await using var database = new PostgresDatabase(new SiloPostgresOptions { ConnectionString = connectionString });

        // A packet as the previous version stored it: inline in its row.
        var node = GrainKeys.ForNode(TestData.NodeId());
        var inline = TestData.Bytes(100);
        await using (var insert = dataSource.CreateCommand("""
            INSERT INTO mailbox_packet (node_id, sequence, sender_root, sender_node, message_id, size, enqueued_at, packet)
            VALUES ($1, 1, $2, $3, 'm-1', $4, $5, $6);
            """))
        {
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = node });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = TestData.Bytes(32) });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = TestData.Bytes(32) });
            insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = inline.Length });
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = ClusterFixture.Epoch.UtcTicks });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = inline });
            await insert.ExecuteNonQueryAsync();
        }

        // A key row as the previous version stored it: node_id the grain key, the public key whole.
        var publicKey = TestData.PublicKey();
        await using (var insert = dataSource.CreateCommand("INSERT INTO ephemeral_key (node_id, key_id, public_key, signature) VALUES ($1, $2, $3, $4);"))
        {
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = node });
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = unchecked((long)(7UL ^ 0x8000_0000_0000_0000UL)) });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = publicKey });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = TestData.Signature() });
            await insert.ExecuteNonQueryAsync();
        }

        var refused = await Assert.ThrowsAsync<InvalidConfigurationException>(() => PostgresSchema.CheckAsync(dataSource));
        Assert.Contains($"schema version {previous}", refused.Message, StringComparison.Ordinal);

        Assert.Equal((previous, PostgresSchema.CurrentVersion), await PostgresSchema.MigrateAsync(dataSource));
        await PostgresSchema.CheckAsync(dataSource);
        var mailbox = new PostgresMailboxStore(database);
        var read = Assert.Single(await mailbox.ReadAsync(node, 0, 10));
        Assert.Equal(inline, read.Packet);
        var key = Assert.Single(await new PostgresEphemeralKeyStore(database).ListAsync(node));
        Assert.Equal(7UL, key.KeyId);
        Assert.Equal(publicKey, key.PublicKey);

        // What the new version added works on the upgraded database beside the old row: a shared body, and the old
        // row acknowledged (its id remembered) without touching it.
        var shared = TestData.Bytes(300);
        var envelope = new MailboxEnvelope(TestData.Bytes(32), TestData.Bytes(32), "m-2", shared);
        await mailbox.AppendAsync(node, new StoredPacket(2, envelope, ClusterFixture.Epoch));
        Assert.Equal([inline, shared], (await mailbox.ReadAsync(node, 0, 10)).Select(p => p.Packet));
        Assert.Equal(1, await mailbox.DeleteAsync(node, [1]));
        Assert.Equal(shared, Assert.Single(await mailbox.ReadAsync(node, 0, 10)).Packet);
        await mailbox.DeleteAllAsync(node);
        await using var bodies = dataSource.CreateCommand("SELECT count(*) FROM mailbox_body;");
        Assert.Equal(0L, await bodies.ExecuteScalarAsync());

        var blobs = new PostgresBlobStore(database.DataSource);
        var blob = BlobKeys.ForBlob(BlobKeys.NewId());
        await blobs.CreateAsync(blob, ClusterFixture.Epoch);
        Assert.Equal(3, await blobs.AppendAsync(blob, 0, new byte[] { 1, 2, 3 }, complete: true));
    }

    [Fact]
    public async Task A_database_newer_than_this_build_is_refused_by_the_check_and_by_the_migration()
    {
        await PostgresSchema.MigrateAsync(dataSource);
        await using (var newer = dataSource.CreateCommand("INSERT INTO wickr_schema (version, scripts) VALUES ($1, 'from the future');"))
        {
            newer.Parameters.Add(new NpgsqlParameter<int> { TypedValue = PostgresSchema.CurrentVersion + 1 });
            await newer.ExecuteNonQueryAsync();
        }

        var refused = await Assert.ThrowsAsync<InvalidConfigurationException>(() => PostgresSchema.CheckAsync(dataSource));
        Assert.Contains("newer than this build knows", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidConfigurationException>(() => PostgresSchema.MigrateAsync(dataSource));
    }

    [Fact]
    public void A_missing_or_unreadable_connection_string_is_one_clear_message_without_the_string()
    {
        var missing = Assert.Throws<InvalidConfigurationException>(() => PostgresDatabase.CreateDataSource(" "));
        Assert.Contains("Silo:Postgres:ConnectionString is required", missing.Message, StringComparison.Ordinal);

        var unreadable = Assert.Throws<InvalidConfigurationException>(() => PostgresDatabase.CreateDataSource("Host=db;Passwrd=secret-value"));
        Assert.Contains("Silo:Postgres:ConnectionString", unreadable.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", unreadable.Message, StringComparison.Ordinal);
    }
}
