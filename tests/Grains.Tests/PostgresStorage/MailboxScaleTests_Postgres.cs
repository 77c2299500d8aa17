using Wickr.Cluster.Grains.Tests.Nodes;
using Xunit.Abstractions;

namespace Wickr.Cluster.Grains.Tests.PostgresStorage;

[Trait("Category", "Slow")]
public sealed class MailboxScaleTests_Postgres(PostgresClusterFixture fixture, ITestOutputHelper output)
    : MailboxScaleTests<PostgresClusterFixture>(fixture, output), IClassFixture<PostgresClusterFixture>;
