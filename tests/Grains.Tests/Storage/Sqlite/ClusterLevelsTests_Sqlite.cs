using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests.Storage.Sqlite;

public sealed class ClusterLevelsTests_Sqlite(SqliteClusterFixture fixture)
    : ClusterLevelsTests<SqliteClusterFixture>(fixture), IClassFixture<SqliteClusterFixture>;
