using Wickr.Cluster.Grains.Tests.EphemeralKeys;
using Xunit.Abstractions;

namespace Wickr.Cluster.Grains.Tests.AzureStorage;

[Trait("Category", "Slow")]
public sealed class EphemeralKeyFailoverTests_Azurite(AzureStorageClusterFixture fixture, ITestOutputHelper output)
    : EphemeralKeyFailoverTests<AzureStorageClusterFixture>(fixture, output), IClassFixture<AzureStorageClusterFixture>;
