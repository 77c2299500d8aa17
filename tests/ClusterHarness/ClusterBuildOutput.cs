namespace Wickr.Cluster.Testing;

/// <summary>One build of the silo and the standalone gateway: this checkout's, or an earlier release's built by <see cref="PreviousRelease"/>.</summary>
/// <param name="Name">What logs and reports call it ("current", or the release's commit).</param>
/// <param name="SiloAssembly">The silo's Wickr.Cluster.Silo.dll.</param>
/// <param name="GatewayAssembly">The gateway's Wickr.Cluster.Gateway.dll.</param>
public sealed record ClusterBuildOutput(string Name, string SiloAssembly, string GatewayAssembly)
{
    /// <summary>The silo and gateway this harness was built with.</summary>
    public static ClusterBuildOutput Current { get; } = new("current", ClusterBuild.SiloAssembly, ClusterBuild.GatewayAssembly);
}
