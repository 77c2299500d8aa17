namespace Wickr.Cluster.Gateway.Hosting;

/// <summary>The storage account whose membership table lists the silos: section <c>Silo:AzureStorage</c>.</summary>
public sealed class ClusterClientAzureStorageSettings
{
    /// <summary>Azure Storage connection string; <c>UseDevelopmentStorage=true</c> for a local Azurite.</summary>
    public string? ConnectionString { get; set; }
}
