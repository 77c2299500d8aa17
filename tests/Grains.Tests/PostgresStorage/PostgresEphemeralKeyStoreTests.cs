using Npgsql;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Storage.Postgres;
using Wickr.Cluster.Grains.Tests.Storage;

namespace Wickr.Cluster.Grains.Tests.PostgresStorage;

public sealed class PostgresEphemeralKeyStoreTests(PostgresStoreFixture fixture)
    : EphemeralKeyStoreContractTests, IClassFixture<PostgresStoreFixture>, IAsyncLifetime
{
    private readonly IEphemeralKeyStore store = new PostgresEphemeralKeyStore(fixture.Database);
    private readonly IEphemeralKeyStore otherSiloStore = new PostgresEphemeralKeyStore(fixture.OtherDatabase);
    private readonly List<Func<Task>> cleanups = [];

    protected override IEphemeralKeyStore Store => store;

    protected override IEphemeralKeyStore OtherSiloStore => otherSiloStore;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var cleanup in cleanups)
        {
            await cleanup();
        }
    }

    // A database of its own at the previous schema version, rows as that release wrote them (node_id the grain key,
    // public keys whole, key ids with the top bit flipped), then migrated to the current version.
    protected override async Task<IEphemeralKeyStore> UpgradedFromPreviousReleaseAsync(string node, IReadOnlyList<EphemeralKeyRecord> keys)
    {
        var connectionString = await Postgres.CreateDatabaseAsync("keys-upgrade");
        var database = new PostgresDatabase(new SiloPostgresOptions { ConnectionString = connectionString });
        cleanups.Add(async () =>
        {
            await database.DisposeAsync();
            await Postgres.DropDatabaseAsync(connectionString);
        });
        await PostgresSchema.MigrateAsync(database.DataSource, PostgresSchema.CurrentVersion - 1);
        foreach (var key in keys)
        {
            await using var insert = database.DataSource.CreateCommand(
                "INSERT INTO ephemeral_key (node_id, key_id, public_key, signature) VALUES ($1, $2, $3, $4);");
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = node });
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = unchecked((long)(key.KeyId ^ 0x8000_0000_0000_0000UL)) });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = key.PublicKey });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = key.Signature });
            await insert.ExecuteNonQueryAsync();
        }

        await PostgresSchema.MigrateAsync(database.DataSource);
        await PostgresSchema.CheckAsync(database.DataSource);
        return new PostgresEphemeralKeyStore(database);
    }
}
