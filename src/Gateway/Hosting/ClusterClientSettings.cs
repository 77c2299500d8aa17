namespace Wickr.Cluster.Gateway.Hosting;

/// <summary>
/// How the standalone gateway finds the silos: the same section <c>Silo</c> (environment variables <c>Silo__*</c>) the
/// silo host reads, so one set of settings serves both processes.
/// </summary>
public sealed class ClusterClientSettings
{
    /// <summary>The configuration section, shared with the silo host.</summary>
    public const string SectionName = "Silo";

    /// <summary><c>Embedded</c> (localhost clustering, default) or <c>Azure</c> (Azure Table clustering).</summary>
    public string Mode { get; set; } = "Embedded";

    /// <summary>The silos' cluster id. Default <c>wickr</c>.</summary>
    public string ClusterId { get; set; } = "wickr";

    /// <summary>The silos' service id. Default <c>wickr</c>.</summary>
    public string ServiceId { get; set; } = "wickr";

    /// <summary>The silo's Orleans gateway port in embedded mode. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The Azure Storage connection string of Azure mode (<c>Silo:AzureStorage:ConnectionString</c>).</summary>
    public ClusterClientAzureStorageSettings AzureStorage { get; set; } = new();

    /// <summary>True for Azure mode; throws <see cref="InvalidOperationException"/> naming a setting that cannot work.</summary>
    public bool IsAzure()
    {
        var azure = string.Equals(Mode, "Azure", StringComparison.OrdinalIgnoreCase);
        if (!azure && !string.Equals(Mode, "Embedded", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Silo:Mode must be Embedded or Azure, not '{Mode}'.");
        }

        if (azure && string.IsNullOrWhiteSpace(AzureStorage.ConnectionString))
        {
            throw new InvalidOperationException(
                "Silo:AzureStorage:ConnectionString is required in Azure mode (environment variable Silo__AzureStorage__ConnectionString).");
        }

        if (GatewayPort is < 1 or > 65535)
        {
            throw new InvalidOperationException($"Silo:GatewayPort must be in 1-65535, not {GatewayPort}.");
        }

        return azure;
    }
}
