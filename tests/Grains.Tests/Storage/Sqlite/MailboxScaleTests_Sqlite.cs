using Wickr.Cluster.Grains.Tests.Fixtures;
using Wickr.Cluster.Grains.Tests.Nodes;
using Xunit.Abstractions;

namespace Wickr.Cluster.Grains.Tests.Storage.Sqlite;

[Trait("Category", "Slow")]
public sealed class MailboxScaleTests_Sqlite(SqliteClusterFixture fixture, ITestOutputHelper output)
    : MailboxScaleTests<SqliteClusterFixture>(fixture, output), IClassFixture<SqliteClusterFixture>;
