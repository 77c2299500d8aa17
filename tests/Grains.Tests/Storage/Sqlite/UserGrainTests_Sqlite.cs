using Wickr.Cluster.Grains.Tests.Fixtures;
using Wickr.Cluster.Grains.Tests.Users;

namespace Wickr.Cluster.Grains.Tests.Storage.Sqlite;

public sealed class UserGrainTests_Sqlite(SqliteClusterFixture fixture)
    : UserGrainTests<SqliteClusterFixture>(fixture), IClassFixture<SqliteClusterFixture>;
