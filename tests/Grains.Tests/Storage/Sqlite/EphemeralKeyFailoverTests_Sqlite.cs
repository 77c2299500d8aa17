using Wickr.Cluster.Grains.Tests.EphemeralKeys;
using Wickr.Cluster.Grains.Tests.Fixtures;
using Xunit.Abstractions;

namespace Wickr.Cluster.Grains.Tests.Storage.Sqlite;

[Trait("Category", "Slow")]
public sealed class EphemeralKeyFailoverTests_Sqlite(SqliteClusterFixture fixture, ITestOutputHelper output)
    : EphemeralKeyFailoverTests<SqliteClusterFixture>(fixture, output), IClassFixture<SqliteClusterFixture>;
