using Wickr.Cluster.Grains.Tests.EphemeralKeys;
using Xunit.Abstractions;

namespace Wickr.Cluster.Grains.Tests.PostgresStorage;

[Trait("Category", "Slow")]
public sealed class EphemeralKeyFailoverTests_Postgres(PostgresClusterFixture fixture, ITestOutputHelper output)
    : EphemeralKeyFailoverTests<PostgresClusterFixture>(fixture, output), IClassFixture<PostgresClusterFixture>;
