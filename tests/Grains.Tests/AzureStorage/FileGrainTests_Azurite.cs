using Wickr.Cluster.Grains.Tests.Files;

namespace Wickr.Cluster.Grains.Tests.AzureStorage;

public sealed class FileGrainTests_Azurite(AzureStorageClusterFixture fixture)
    : FileGrainTests<AzureStorageClusterFixture>(fixture), IClassFixture<AzureStorageClusterFixture>;
