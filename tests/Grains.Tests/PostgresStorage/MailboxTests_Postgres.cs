using Wickr.Cluster.Grains.Tests.Nodes;
namespace Wickr.Cluster.Grains.Tests.PostgresStorage;

public sealed class MailboxTests_Postgres(PostgresClusterFixture fixture)
    : MailboxTests<PostgresClusterFixture>(fixture), IClassFixture<PostgresClusterFixture>;
