using Wickr.Cluster.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Wickr.Cluster.EndToEnd.Tests.Scenarios;

/// <summary>
/// End-to-end scenarios against a real silo (embedded SQLite storage) and a real standalone gateway, driven only
/// through the client library. The parts of this class live in the files beside this one; the storage scan runs last.
/// </summary>
[TestCaseOrderer(RunLastOrderer.TypeName, RunLastOrderer.AssemblyName)]
[Trait("Category", "Slow")]
public sealed partial class EmbeddedClusterTests(EmbeddedClusterFixture fixture, ITestOutputHelper output) : IClassFixture<EmbeddedClusterFixture>
{
    private Task Run(Func<World, Task> scenario) => fixture.RunAsync(output, scenario);
}
