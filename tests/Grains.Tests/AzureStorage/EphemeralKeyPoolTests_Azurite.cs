using Wickr.Cluster.Grains.Tests.EphemeralKeys;

namespace Wickr.Cluster.Grains.Tests.AzureStorage;

public sealed class EphemeralKeyPoolTests_Azurite(AzureStorageClusterFixture fixture)
    : EphemeralKeyPoolTests<AzureStorageClusterFixture>(fixture), IClassFixture<AzureStorageClusterFixture>;
