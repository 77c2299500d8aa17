using Wickr.Cluster.Grains.Tests.Files;
using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests.Storage.Sqlite;

public sealed class FileGrainTests_Sqlite(SqliteClusterFixture fixture)
    : FileGrainTests<SqliteClusterFixture>(fixture), IClassFixture<SqliteClusterFixture>;
