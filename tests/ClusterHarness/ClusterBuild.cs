using System.Reflection;

namespace Wickr.Cluster.Testing;

/// <summary>Where the silo and gateway this harness was built with live (their own bin folders).</summary>
public static class ClusterBuild
{
    public static string SiloAssembly => Metadata("SiloAssembly");

    public static string GatewayAssembly => Metadata("GatewayAssembly");

    private static string Metadata(string key) =>
        typeof(ClusterBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"No {key} metadata.");
}
