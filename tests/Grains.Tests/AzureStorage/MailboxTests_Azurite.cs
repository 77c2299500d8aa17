using Wickr.Cluster.Grains.Tests.Nodes;

namespace Wickr.Cluster.Grains.Tests.AzureStorage;

public sealed class MailboxTests_Azurite(AzureStorageClusterFixture fixture)
    : MailboxTests<AzureStorageClusterFixture>(fixture), IClassFixture<AzureStorageClusterFixture>;
