using Wickr.Cluster.Grains.Tests.EphemeralKeys;
using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests.Storage.Sqlite;

public sealed class EphemeralKeyClaimRaceTests_Sqlite(SqliteClusterFixture fixture)
    : EphemeralKeyClaimRaceTests<SqliteClusterFixture>(fixture), IClassFixture<SqliteClusterFixture>;
