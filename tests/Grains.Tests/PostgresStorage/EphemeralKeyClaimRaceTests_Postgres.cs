using Wickr.Cluster.Grains.Tests.EphemeralKeys;
namespace Wickr.Cluster.Grains.Tests.PostgresStorage;

public sealed class EphemeralKeyClaimRaceTests_Postgres(PostgresClusterFixture fixture)
    : EphemeralKeyClaimRaceTests<PostgresClusterFixture>(fixture), IClassFixture<PostgresClusterFixture>;
