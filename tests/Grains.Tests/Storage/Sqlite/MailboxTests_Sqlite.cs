using Wickr.Cluster.Grains.Tests.Fixtures;
using Wickr.Cluster.Grains.Tests.Nodes;

namespace Wickr.Cluster.Grains.Tests.Storage.Sqlite;

public sealed class MailboxTests_Sqlite(SqliteClusterFixture fixture)
    : MailboxTests<SqliteClusterFixture>(fixture), IClassFixture<SqliteClusterFixture>;
