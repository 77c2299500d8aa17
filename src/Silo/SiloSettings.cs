using System.Net;

namespace Wickr.Cluster.Silo;

/// <summary>The silo's own settings: configuration section <c>Silo</c> (environment variables <c>Silo__Name</c>).</summary>
public sealed class SiloSettings
{
    /// <summary>The configuration section these settings are bound from.</summary>
    public const string SectionName = "Silo";

    /// <summary>Embedded (default) or Azure.</summary>
    public SiloMode Mode { get; set; } = SiloMode.Embedded;

    /// <summary>Silos with the same cluster id form one cluster. Default <c>wickr</c>.</summary>
    public string ClusterId { get; set; } = "wickr";

    /// <summary>Identifies the service across deployments; part of every grain-state key, so keep it stable. Default <c>wickr</c>.</summary>
    public string ServiceId { get; set; } = "wickr";

    /// <summary>Port for silo-to-silo traffic. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients (the gateways) connect to. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other silos and clients reach this silo at (in Kubernetes: the pod IP). Embedded mode always
    /// uses loopback; Azure mode defaults to the first non-loopback IPv4 address of the machine.
    /// </summary>
    public string? AdvertisedIPAddress { get; set; }

    /// <summary>Where embedded mode keeps its SQLite file, relative to the content root unless absolute. Default <c>.data</c>.</summary>
    public string DataDirectory { get; set; } = ".data";

    /// <summary>The storage account of Azure mode.</summary>
    public SiloAzureStorageSettings AzureStorage { get; set; } = new();

    /// <summary>The SQLite file of embedded mode.</summary>
    public string DatabasePath(string contentRoot) => Path.GetFullPath(Path.Combine(contentRoot, DataDirectory, "wickr.db"));

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Mode))
        {
            throw Invalid($"{nameof(Mode)} must be {SiloMode.Embedded} or {SiloMode.Azure}.");
        }

        if (string.IsNullOrWhiteSpace(ClusterId) || string.IsNullOrWhiteSpace(ServiceId))
        {
            throw Invalid($"{nameof(ClusterId)} and {nameof(ServiceId)} must not be empty.");
        }

        if (SiloPort is < 1 or > 65535 || GatewayPort is < 1 or > 65535 || SiloPort == GatewayPort)
        {
            throw Invalid($"{nameof(SiloPort)} ({SiloPort}) and {nameof(GatewayPort)} ({GatewayPort}) must be two different ports in 1-65535.");
        }

        if (!string.IsNullOrWhiteSpace(AdvertisedIPAddress) && !IPAddress.TryParse(AdvertisedIPAddress, out _))
        {
            throw Invalid($"{nameof(AdvertisedIPAddress)} '{AdvertisedIPAddress}' is not an IP address.");
        }

        if (Mode == SiloMode.Embedded && string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw Invalid($"{nameof(DataDirectory)} must not be empty in embedded mode.");
        }

        if (Mode == SiloMode.Azure && string.IsNullOrWhiteSpace(AzureStorage.ConnectionString))
        {
            throw Invalid("AzureStorage:ConnectionString is required in Azure mode (environment variable Silo__AzureStorage__ConnectionString).");
        }
    }

    private static InvalidOperationException Invalid(string message) => new($"Invalid silo configuration ({SectionName}): {message}");
}
