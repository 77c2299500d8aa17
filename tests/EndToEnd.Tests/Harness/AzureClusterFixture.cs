
namespace Wickr.Cluster.EndToEnd.Tests.Harness;

/// <summary>
/// The cluster mode: the silo on Azure Table clustering and Azure Storage persistence in Azurite (the one CI started,
/// or one the shared helper starts), the gateway finding it through the membership table.
/// </summary>
public sealed class AzureClusterFixture : ClusterFixture
{
    internal string ConnectionString { get; private set; } = string.Empty;

    internal override async Task<ClusterSettings> SettingsAsync()
    {
        ConnectionString = await Azurite.GetConnectionStringAsync();
        // Cluster mode runs the Orleans ports over mutual TLS: silo and gateway get the cluster's certificate.
        var tls = SiloCertificates.CreateTemporary().Settings("__");
        return new ClusterSettings
        {
            AzureConnectionString = ConnectionString,
            Silo = ClusterSettings.TestGrainLimits.Concat(tls).ToDictionary(),
            Gateway = tls,
        };
    }
}
