namespace Wickr.Cluster.Testing;

/// <summary>How a test cluster is configured: storage mode and extra settings for the silo and the gateway processes.</summary>
public sealed record ClusterSettings
{
    /// <summary>Null for the embedded SQLite default; an Azure Storage connection string for the cluster mode.</summary>
    public string? AzureConnectionString { get; init; }

    /// <summary>
    /// An Npgsql connection string for Postgres mode (the silo migrates the database at start), or null; loopback
    /// only, so the Orleans ports run without TLS as in embedded mode.
    /// </summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>Environment variables for the silo on top of the harness's own (grain limits and the like).</summary>
    public IReadOnlyDictionary<string, string> Silo { get; init; } = new Dictionary<string, string>();

    /// <summary>Environment variables for the gateway on top of the harness's own.</summary>
    public IReadOnlyDictionary<string, string> Gateway { get; init; } = new Dictionary<string, string>();

    /// <summary>Grain limits small enough for pool depletion to be reached in seconds, and claims not rate-limited.</summary>
    public static IReadOnlyDictionary<string, string> TestGrainLimits { get; } = new Dictionary<string, string>
    {
        ["Grains__EphemeralKeyPool__MaxKeys"] = "200",
        ["Grains__EphemeralKeyPool__LowWaterMark"] = "20",
        ["Grains__EphemeralKeyPool__ClaimBurst"] = "10000",
        ["Grains__EphemeralKeyPool__ClaimRefillInterval"] = "00:00:00.001",
        ["Grains__EphemeralKeyPool__ClaimerShare"] = "1000",
        ["Grains__EphemeralKeyPool__ClaimerShareWindow"] = "00:00:00.001",
        ["Grains__EphemeralKeyPool__PoolShare"] = "1000",
        ["Grains__EphemeralKeyPool__PoolShareWindow"] = "00:00:00.001",
    };
}
