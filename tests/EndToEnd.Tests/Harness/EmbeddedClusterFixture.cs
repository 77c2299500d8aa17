namespace Wickr.Cluster.EndToEnd.Tests.Harness;

/// <summary>The embedded default: one silo with its SQLite file in a temp data directory, and one standalone gateway.</summary>
public sealed class EmbeddedClusterFixture : ClusterFixture
{
    internal override Task<ClusterSettings> SettingsAsync() => Task.FromResult(new ClusterSettings { Silo = ClusterSettings.TestGrainLimits });
}
