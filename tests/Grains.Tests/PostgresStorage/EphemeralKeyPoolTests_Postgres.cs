using Wickr.Cluster.Grains.Tests.EphemeralKeys;
namespace Wickr.Cluster.Grains.Tests.PostgresStorage;

public sealed class EphemeralKeyPoolTests_Postgres(PostgresClusterFixture fixture)
    : EphemeralKeyPoolTests<PostgresClusterFixture>(fixture), IClassFixture<PostgresClusterFixture>;
