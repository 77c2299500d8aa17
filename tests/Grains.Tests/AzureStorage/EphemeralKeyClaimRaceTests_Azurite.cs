using Wickr.Cluster.Grains.Tests.EphemeralKeys;

namespace Wickr.Cluster.Grains.Tests.AzureStorage;

[Trait("Category", "Slow")]
public sealed class EphemeralKeyClaimRaceTests_Azurite(AzureStorageClusterFixture fixture)
    : EphemeralKeyClaimRaceTests<AzureStorageClusterFixture>(fixture), IClassFixture<AzureStorageClusterFixture>;
