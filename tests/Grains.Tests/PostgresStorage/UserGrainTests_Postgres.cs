using Wickr.Cluster.Grains.Tests.Users;
namespace Wickr.Cluster.Grains.Tests.PostgresStorage;

public sealed class UserGrainTests_Postgres(PostgresClusterFixture fixture)
    : UserGrainTests<PostgresClusterFixture>(fixture), IClassFixture<PostgresClusterFixture>;
