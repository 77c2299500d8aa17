using Wickr.Cluster.Grains.Tests.Users;

namespace Wickr.Cluster.Grains.Tests.AzureStorage;

public sealed class UserGrainTests_Azurite(AzureStorageClusterFixture fixture)
    : UserGrainTests<AzureStorageClusterFixture>(fixture), IClassFixture<AzureStorageClusterFixture>;
