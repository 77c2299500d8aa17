namespace Wickr.Cluster.Hosting;

/// <summary>The storage account of <see cref="SiloMode.Azure"/>: configuration section <c>Silo:AzureStorage</c>.</summary>
public sealed class SiloAzureStorageSettings
{
    /// <summary>Azure Storage connection string; <c>UseDevelopmentStorage=true</c> for a local Azurite. Required in Azure mode.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Prefix of every table and blob container the cluster creates. Default <c>wickr</c>.</summary>
    public string TablePrefix { get; set; } = "wickr";

    /// <summary>Packets up to this many bytes are kept in their table row, larger ones in a blob. Default 983,040 (the most a row holds).</summary>
    public int? MaxInlinePacketBytes { get; set; }
}
