namespace Wickr.Cluster.Testing;

/// <summary>
/// What <see cref="LocalCluster"/> starts: Azurite (or a given storage account), <see cref="Silos"/> silo processes in
/// Azure mode over mutual TLS and <see cref="Gateways"/> standalone gateway processes, all on loopback.
/// </summary>
public sealed record LocalClusterOptions
{
    /// <summary>Silo processes started at first. Default 3.</summary>
    public int Silos { get; init; } = 3;

    /// <summary>Standalone gateway processes. Default 2.</summary>
    public int Gateways { get; init; } = 2;

    /// <summary>An Azure Storage connection string; null starts (or reuses) the Azurite of <see cref="Azurite"/>.</summary>
    public string? AzureConnectionString { get; init; }

    /// <summary>Environment variables for every silo on top of the cluster's own.</summary>
    public IReadOnlyDictionary<string, string> Silo { get; init; } = new Dictionary<string, string>();

    /// <summary>Environment variables for every gateway on top of the cluster's own.</summary>
    public IReadOnlyDictionary<string, string> Gateway { get; init; } = new Dictionary<string, string>();

    /// <summary>The build the first silos and gateways run. Default this checkout's.</summary>
    public ClusterBuildOutput Build { get; init; } = ClusterBuildOutput.Current;

    /// <summary>The folder for logs (and TLS files); null: a fresh temp folder removed at disposal.</summary>
    public string? Root { get; init; }

    /// <summary>Every problem with these options.</summary>
    public IEnumerable<string> Problems()
    {
        if (Silos is < 1 or > 16)
        {
            yield return $"silos must be 1 to 16, not {Silos}";
        }
        if (Gateways is < 1 or > 16)
        {
            yield return $"gateways must be 1 to 16, not {Gateways}";
        }
    }
}
