using Microsoft.Data.Sqlite;
using Wickr.Cluster.Grains.Hosting;

namespace Wickr.Cluster.Grains.Tests.Fixtures;

/// <summary>The embedded backend: both silos share one SQLite file, unique to this fixture.</summary>
public class SqliteClusterFixture : ClusterFixture
{
    /// <summary>The database file both silos use.</summary>
    public string DatabasePath { get; }

    /// <summary>Creates the fixture with a fresh file in a fresh temp folder.</summary>
    public SqliteClusterFixture()
    {
        DatabasePath = Path.Combine(Path.GetTempPath(), "wickr-grains-tests", Name, "wickr.db");
    }

    /// <inheritdoc/>
    protected override void ConfigureStorage(ISiloBuilder silo) => silo.AddWickrSqliteStorage(DatabasePath);

    /// <inheritdoc/>
    protected override Task StopBackendAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(DatabasePath)!, recursive: true);
        return Task.CompletedTask;
    }
}
