using Wickr.Cluster.Grains.Tests.EphemeralKeys;
using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests.Storage.Sqlite;

public sealed class EphemeralKeyPoolTests_Sqlite(SqliteClusterFixture fixture)
    : EphemeralKeyPoolTests<SqliteClusterFixture>(fixture), IClassFixture<SqliteClusterFixture>;
