using System.Net;
using Microsoft.Extensions.Configuration;
using Wickr.Cluster.Configuration;

namespace Wickr.Cluster.Hosting;

/// <summary>
/// The silo's own settings: configuration section <c>Silo</c> (environment variables <c>Silo__Name</c>), read alike by the
/// silo host and by the standalone gateway's Orleans client.
/// </summary>
public sealed class SiloOptions : IValidatableOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Silo";

    /// <summary>Embedded (default), Azure or Postgres.</summary>
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
    /// uses loopback; the cluster modes (Azure, Postgres) default to the first non-loopback IPv4 address of the machine.
    /// </summary>
    public string? AdvertisedIPAddress { get; set; }

    /// <summary>Where embedded mode keeps its SQLite file, relative to the content root unless absolute. Default <c>.data</c>.</summary>
    public string DataDirectory { get; set; } = ".data";

    /// <summary>
    /// Run under Kubernetes with <c>Microsoft.Orleans.Hosting.Kubernetes</c>: the silo names itself after its pod, labels
    /// the pod with the cluster and service ids, and votes out silos whose pods are gone. Needs the pod's
    /// <c>POD_NAME</c>, <c>POD_NAMESPACE</c> and <c>POD_IP</c> and a service account allowed to read, watch, patch and
    /// delete pods (deploy/k8s). Default false.
    /// </summary>
    public bool KubernetesHosting { get; set; }

    /// <summary>
    /// How long a grain nobody called stays in memory before it is deactivated (its state is in storage; the next call
    /// activates it again): an idle device costs nothing in a silo after this. Default 5 minutes (Orleans' own: 15).
    /// </summary>
    public TimeSpan ActivationIdleAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long the silo takes to stop on SIGTERM: it stops taking new activations, deactivates its grains (their state
    /// is in storage; the next call activates them on another silo) and marks itself dead in the membership table.
    /// Keep it below the pod's terminationGracePeriodSeconds less its preStop pause. Default 45 s.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Failure detection and grain-call timeouts: section <c>Silo:Membership</c>.</summary>
    public SiloMembershipOptions Membership { get; set; } = new();

    /// <summary>The storage account of Azure mode: section <c>Silo:AzureStorage</c>.</summary>
    public SiloAzureStorageOptions AzureStorage { get; set; } = new();

    /// <summary>The database of Postgres mode: section <c>Silo:Postgres</c>.</summary>
    public SiloPostgresOptions Postgres { get; set; } = new();

    /// <summary>Mutual TLS on the Orleans ports: section <c>Silo:Tls</c>.</summary>
    public SiloTlsOptions Tls { get; set; } = new();

    /// <summary>The SQLite file of embedded mode.</summary>
    public string DatabasePath(string contentRoot) => Path.GetFullPath(Path.Combine(contentRoot, DataDirectory, "wickr.db"));

    /// <summary>
    /// Binds section <see cref="SectionName"/> of <paramref name="configuration"/> (defaults where absent) and checks it:
    /// the one way both the silo and the standalone gateway read these options.
    /// </summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The options in force.</returns>
    /// <exception cref="InvalidConfigurationException">A setting cannot work; the message names every such setting.</exception>
    public static SiloOptions Read(IConfiguration configuration) => ValidatedOptions.Read<SiloOptions>(configuration, SectionName);

    /// <inheritdoc/>
    public IEnumerable<string> Validate()
    {
        if (!Enum.IsDefined(Mode))
        {
            yield return $"{nameof(Mode)} must be {SiloMode.Embedded}, {SiloMode.Azure} or {SiloMode.Postgres}.";
        }

        if (string.IsNullOrWhiteSpace(ClusterId))
        {
            yield return $"{nameof(ClusterId)} must not be empty.";
        }

        if (string.IsNullOrWhiteSpace(ServiceId))
        {
            yield return $"{nameof(ServiceId)} must not be empty.";
        }

        if (SiloPort is < 1 or > 65535 || GatewayPort is < 1 or > 65535 || SiloPort == GatewayPort)
        {
            yield return $"{nameof(SiloPort)} ({SiloPort}) and {nameof(GatewayPort)} ({GatewayPort}) must be two different ports in 1-65535.";
        }

        if (!string.IsNullOrWhiteSpace(AdvertisedIPAddress) && !IPAddress.TryParse(AdvertisedIPAddress, out _))
        {
            yield return $"{nameof(AdvertisedIPAddress)} '{AdvertisedIPAddress}' is not an IP address.";
        }

        if (Mode == SiloMode.Embedded && string.IsNullOrWhiteSpace(DataDirectory))
        {
            yield return $"{nameof(DataDirectory)} must not be empty in embedded mode.";
        }

        if (KubernetesHosting && Mode == SiloMode.Embedded)
        {
            yield return $"{nameof(KubernetesHosting)} needs {nameof(Mode)} {SiloMode.Azure} or {SiloMode.Postgres} (a cluster whose membership outlives its pods).";
        }

        // The account matters only in Azure mode; embedded mode never opens it.
        if (Mode == SiloMode.Azure)
        {
            if (string.IsNullOrWhiteSpace(AzureStorage.ConnectionString))
            {
                yield return $"{nameof(AzureStorage)}:{nameof(AzureStorage.ConnectionString)} is required in Azure mode (environment variable Silo__AzureStorage__ConnectionString).";
            }

            foreach (var problem in AzureStorage.Validate())
            {
                yield return ValidatedOptions.Within(nameof(AzureStorage), problem);
            }
        }

        if (ActivationIdleAge < TimeSpan.FromMinutes(1) || ActivationIdleAge > TimeSpan.FromDays(1))
        {
            yield return $"{nameof(ActivationIdleAge)} must be 1 minute to 1 day, not {ActivationIdleAge}.";
        }

        if (ShutdownTimeout < TimeSpan.FromSeconds(1) || ShutdownTimeout > TimeSpan.FromMinutes(10))
        {
            yield return $"{nameof(ShutdownTimeout)} must be 1 s to 10 minutes, not {ShutdownTimeout}.";
        }

        foreach (var problem in Membership.Validate())
        {
            yield return ValidatedOptions.Within(nameof(Membership), problem);
        }

        // The database matters only in Postgres mode.
        if (Mode == SiloMode.Postgres)
        {
            if (string.IsNullOrWhiteSpace(Postgres.ConnectionString))
            {
                yield return $"{nameof(Postgres)}:{nameof(Postgres.ConnectionString)} is required in Postgres mode (environment variable Silo__Postgres__ConnectionString).";
            }

            foreach (var problem in Postgres.Validate())
            {
                yield return ValidatedOptions.Within(nameof(Postgres), problem);
            }
        }

        foreach (var problem in Tls.Validate(Mode))
        {
            yield return ValidatedOptions.Within(nameof(Tls), problem);
        }
    }
}
