using Wickr.Cluster.EndToEnd.Tests.Harness;

namespace Wickr.Cluster.EndToEnd.Tests.Hostile;

/// <summary>
/// One embedded cluster (real silo and gateway processes) shared by the hostile tests of the front door: wire garbage,
/// challenges, registration, streams. Tests needing other gateway settings start an extra gateway against its silo.
/// </summary>
public sealed class DoorClusterFixture : ClusterFixture
{
    internal override Task<ClusterSettings> SettingsAsync() => Task.FromResult(new ClusterSettings { Silo = ClusterSettings.TestGrainLimits });
}
