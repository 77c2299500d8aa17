namespace Wickr.Cluster.Hosting;

/// <summary>How the silo finds its peers and where it keeps its data.</summary>
public enum SiloMode
{
    /// <summary>One silo on localhost with a SQLite file under <see cref="SiloSettings.DataDirectory"/>; needs no server.</summary>
    Embedded,

    /// <summary>Azure Table clustering and Azure Storage persistence, from <see cref="SiloAzureStorageSettings.ConnectionString"/>.</summary>
    Azure,
}
