namespace Wickr.Cluster.Grains.Tests.PostgresStorage;

public sealed class ClusterLevelsTests_Postgres(PostgresClusterFixture fixture)
    : ClusterLevelsTests<PostgresClusterFixture>(fixture), IClassFixture<PostgresClusterFixture>;
