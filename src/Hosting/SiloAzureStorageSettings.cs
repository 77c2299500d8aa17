using Wickr.Cluster.Configuration;

namespace Wickr.Cluster.Hosting;

/// <summary>The storage account of <see cref="SiloMode.Azure"/>: configuration section <c>Silo:AzureStorage</c>.</summary>
public sealed class SiloAzureStorageSettings : ISettings
{
    /// <summary>Azure Storage connection string; <c>UseDevelopmentStorage=true</c> for a local Azurite. Required in Azure mode.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Prefix of every table and blob container the cluster creates. Default <c>wickr</c>.</summary>
    public string TablePrefix { get; set; } = "wickr";

    /// <summary>Packets up to this many bytes are kept in their table row, larger ones in a blob. Default 983,040 (the most a row holds).</summary>
    public int? MaxInlinePacketBytes { get; set; }

    /// <summary>The problems in embedded mode: none (the account is not used).</summary>
    /// <returns>No problem.</returns>
    public IEnumerable<string> Validate() => Validate(SiloMode.Embedded);

    /// <summary>
    /// The problems in <paramref name="mode"/>: Azure mode needs the connection string. The table prefix and inline size are
    /// checked where the storage is set up (<c>WickrAzureStorageOptions</c>), named under <c>Silo:AzureStorage</c> too.
    /// </summary>
    /// <param name="mode">The silo mode.</param>
    /// <returns>One sentence per problem, naming the setting below <c>Silo:AzureStorage</c>.</returns>
    public IEnumerable<string> Validate(SiloMode mode)
    {
        if (mode == SiloMode.Azure && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return $"{nameof(ConnectionString)} is required in Azure mode (environment variable Silo__AzureStorage__ConnectionString).";
        }
    }
}
