using Wickr.Cluster.Configuration;
using Wickr.Cluster.Grains.Hosting;
using Wickr.Cluster.Grains.Storage.Postgres;
using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests.PostgresStorage;

/// <summary>
/// The on-premises backend: both silos keep grain state (Orleans' ADO.NET provider), mailboxes, key pools and files
/// in one PostgreSQL database of this fixture's own, migrated to the current schema first.
/// </summary>
public sealed class PostgresClusterFixture : ClusterFixture
{
    private string connectionString = null!;

    /// <inheritdoc/>
    protected override async Task StartBackendAsync()
    {
        connectionString = await Postgres.CreateDatabaseAsync("cluster");
        await using var dataSource = PostgresDatabase.CreateDataSource(connectionString);
        await PostgresSchema.MigrateAsync(dataSource);
    }

    /// <inheritdoc/>
    protected override void ConfigureStorage(ISiloBuilder silo) =>
        silo.AddWickrPostgresStorage(new SiloPostgresOptions { ConnectionString = connectionString });

    /// <inheritdoc/>
    protected override Task StopBackendAsync() => Postgres.DropDatabaseAsync(connectionString);
}
