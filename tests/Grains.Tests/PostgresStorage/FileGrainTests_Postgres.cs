using Wickr.Cluster.Grains.Tests.Files;
namespace Wickr.Cluster.Grains.Tests.PostgresStorage;

public sealed class FileGrainTests_Postgres(PostgresClusterFixture fixture)
    : FileGrainTests<PostgresClusterFixture>(fixture), IClassFixture<PostgresClusterFixture>;
