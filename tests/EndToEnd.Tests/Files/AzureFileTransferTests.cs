using Wickr.Cluster.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Wickr.Cluster.EndToEnd.Tests.Files;

/// <summary>File transfer on the cluster backend: Azure Table grain state and Azure block blobs, on Azurite.</summary>
[TestCaseOrderer(RunLastOrderer.TypeName, RunLastOrderer.AssemblyName)]
[Trait("Category", "Slow")]
public sealed class AzureFileTransferTests(AzureFileClusterFixture fixture, ITestOutputHelper output)
    : FileTransferScenarios(fixture, output), IClassFixture<AzureFileClusterFixture>
{
    internal override IServerBlobs Blobs(TestCluster cluster) => new AzureServerBlobs(cluster, fixture.ConnectionString);
}
