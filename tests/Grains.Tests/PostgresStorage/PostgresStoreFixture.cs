using Wickr.Cluster.Configuration;
using Wickr.Cluster.Grains.Storage.Postgres;

namespace Wickr.Cluster.Grains.Tests.PostgresStorage;

/// <summary>A database of its own on the test run's PostgreSQL, migrated to the current schema, and two silos' views of it.</summary>
public sealed class PostgresStoreFixture : IAsyncLifetime
{
    private string connectionString = null!;

    /// <summary>One silo's database object (pool and writer).</summary>
    public PostgresDatabase Database { get; private set; } = null!;

    /// <summary>Another silo's, on the same database.</summary>
    public PostgresDatabase OtherDatabase { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        connectionString = await Postgres.CreateDatabaseAsync("contract");
        Database = new PostgresDatabase(new SiloPostgresOptions { ConnectionString = connectionString });
        OtherDatabase = new PostgresDatabase(new SiloPostgresOptions { ConnectionString = connectionString });
        await PostgresSchema.MigrateAsync(Database.DataSource);
    }

    public async Task DisposeAsync()
    {
        await Database.DisposeAsync();
        await OtherDatabase.DisposeAsync();
        await Postgres.DropDatabaseAsync(connectionString);
    }
}
