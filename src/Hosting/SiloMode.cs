namespace Wickr.Cluster.Hosting;

/// <summary>How the silo finds its peers and where it keeps its data.</summary>
public enum SiloMode
{
    /// <summary>One silo on localhost with a SQLite file under <see cref="SiloOptions.DataDirectory"/>; needs no server.</summary>
    Embedded,

    /// <summary>Azure Table clustering and Azure Storage persistence, from <see cref="Wickr.Cluster.Configuration.SiloAzureStorageOptions.ConnectionString"/>.</summary>
    Azure,

    /// <summary>
    /// On-premises cluster: ADO.NET clustering, grain state and reminders and the Wickr stores in one PostgreSQL
    /// database, from <see cref="Wickr.Cluster.Configuration.SiloPostgresOptions.ConnectionString"/>.
    /// </summary>
    Postgres,
}
