namespace Wickr.Cluster.Grains.Tests.PostgresStorage;

public sealed class ClusterMetricsTests_Postgres(PostgresClusterFixture fixture)
    : ClusterMetricsTests<PostgresClusterFixture>(fixture), IClassFixture<PostgresClusterFixture>;
