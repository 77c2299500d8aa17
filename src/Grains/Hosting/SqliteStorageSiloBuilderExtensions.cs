using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Storage.Blobs;
using Wickr.Cluster.Grains.Storage.Sqlite;

namespace Wickr.Cluster.Grains.Hosting;

/// <summary>The embedded, no-server durable store: grain state, mailboxes and key pools in one SQLite file.</summary>
public static class SqliteStorageSiloBuilderExtensions
{
    /// <summary>
    /// Registers the grain storage <see cref="WickrGrains.StorageName"/>, <see cref="IMailboxStore"/> and
    /// <see cref="IEphemeralKeyStore"/> on the SQLite file at <paramref name="databasePath"/>, and
    /// the <see cref="IBlobStore"/> of encrypted files in the folder <c>files</c> beside it.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="databasePath">The database file (created if missing); several silos may share it.</param>
    /// <param name="configure">Further SQLite settings.</param>
    /// <returns>The silo builder.</returns>
    /// <exception cref="Wickr.Cluster.Configuration.InvalidConfigurationException">An option cannot work; the message names it under <see cref="SqliteStorageOptions.SectionName"/>.</exception>
    public static ISiloBuilder AddWickrSqliteStorage(
        this ISiloBuilder builder, string databasePath, Action<SqliteStorageOptions>? configure = null)
    {
        var options = new SqliteStorageOptions();
        configure?.Invoke(options);
        return builder.AddWickrSqliteStorage(databasePath, options);
    }

    /// <summary>
    /// Registers the grain storage <see cref="WickrGrains.StorageName"/>, <see cref="IMailboxStore"/> and
    /// <see cref="IEphemeralKeyStore"/> on the SQLite file at <paramref name="databasePath"/> with <paramref name="options"/>
    /// (as bound from <see cref="SqliteStorageOptions.SectionName"/>), and the <see cref="IBlobStore"/> of encrypted files
    /// in the folder <c>files</c> beside it.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="databasePath">The database file (created if missing); several silos may share it.</param>
    /// <param name="options">The SQLite settings.</param>
    /// <returns>The silo builder.</returns>
    /// <exception cref="Wickr.Cluster.Configuration.InvalidConfigurationException">An option cannot work; the message names it under <see cref="SqliteStorageOptions.SectionName"/>.</exception>
    public static ISiloBuilder AddWickrSqliteStorage(this ISiloBuilder builder, string databasePath, SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        ArgumentNullException.ThrowIfNull(options);

        var services = builder.Services;
        // Made now (it creates the data folder, which the storage health check expects), handed out by a factory so the
        // container disposes it at the silo's shutdown: the writer commits what is queued and stops.
        var database = new SqliteDatabase(databasePath, options);
        services.AddSingleton(_ => database);
        services.AddSingleton<IMailboxStore, SqliteMailboxStore>();
        services.AddSingleton<IEphemeralKeyStore, SqliteEphemeralKeyStore>();

        // Encrypted files stream to plain files beside the database, not into it: no file-sized buffer anywhere.
        var files = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(databasePath))!, "files");
        services.AddWickrBlobStore(new FileSystemBlobStore(files));
        services.AddGrainStorage(WickrGrains.StorageName, static (sp, _) => new SqliteGrainStorage(
            sp.GetRequiredService<SqliteDatabase>(),
            new OrleansGrainStorageSerializer(sp.GetRequiredService<Serializer>()),
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        return builder;
    }
}
