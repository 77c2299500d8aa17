namespace Wickr.Cluster.Testing;

/// <summary>One running silo or gateway of a <see cref="LocalCluster"/>.</summary>
/// <param name="Name">silo1, silo2, … or gateway1, gateway2, … (a replacement gets the next number).</param>
/// <param name="Host">The process.</param>
/// <param name="Build">The build it runs.</param>
/// <param name="Address">A gateway's gRPC address; a silo's health endpoint.</param>
public sealed record LocalClusterMember(string Name, HostProcess Host, ClusterBuildOutput Build, Uri Address);
