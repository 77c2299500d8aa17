
namespace Wickr.Cluster.EndToEnd.Tests.Harness;

/// <summary>
/// The cluster mode: the silo on Azure Table clustering and Azure Storage persistence in Azurite (the one CI started,
/// or one the shared helper starts), the gateway finding it through the membership table.
/// </summary>
public class AzureClusterFixture : ClusterFixture
{
    internal string ConnectionString { get; private set; } = string.Empty;

    /// <summary>The grain limits the silo runs with.</summary>
    internal virtual IReadOnlyDictionary<string, string> SiloLimits => ClusterSettings.TestGrainLimits;

    internal override async Task<ClusterSettings> SettingsAsync()
    {
        ConnectionString = await Azurite.GetConnectionStringAsync();
        // Cluster mode runs the Orleans ports over mutual TLS: silo and gateway get the cluster's certificate.
        var tls = SiloCertificates.CreateTemporary().Settings("__");
        return new ClusterSettings
        {
            AzureConnectionString = ConnectionString,
            Silo = SiloLimits.Concat(tls).ToDictionary(),
            Gateway = tls,
        };
    }
}
