using Wickr.Cluster.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Wickr.Cluster.EndToEnd.Tests.Files;

/// <summary>File transfer on the embedded backend: SQLite for the metadata, plain files under the data folder for blobs.</summary>
[TestCaseOrderer(RunLastOrderer.TypeName, RunLastOrderer.AssemblyName)]
[Trait("Category", "Slow")]
public sealed class EmbeddedFileTransferTests(EmbeddedFileClusterFixture fixture, ITestOutputHelper output)
    : FileTransferScenarios(fixture, output), IClassFixture<EmbeddedFileClusterFixture>
{
    internal override IServerBlobs Blobs(TestCluster cluster) => new EmbeddedServerBlobs(cluster);
}
