using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests.Storage.Sqlite;

public sealed class ClusterMetricsTests_Sqlite(SqliteClusterFixture fixture)
    : ClusterMetricsTests<SqliteClusterFixture>(fixture), IClassFixture<SqliteClusterFixture>;
