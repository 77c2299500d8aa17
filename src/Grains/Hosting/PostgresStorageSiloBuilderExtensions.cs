using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Storage.Postgres;

namespace Wickr.Cluster.Grains.Hosting;

/// <summary>The on-premises cluster store: grain state, mailboxes, key pools and files in one PostgreSQL database.</summary>
public static class PostgresStorageSiloBuilderExtensions
{
    /// <summary>The ADO.NET invariant name of Npgsql, as Orleans' ADO.NET providers know it.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// Registers Orleans' ADO.NET grain storage as <see cref="WickrGrains.StorageName"/> (state in the Orleans codec, as the
    /// other stores keep it), and <see cref="IMailboxStore"/>, <see cref="IEphemeralKeyStore"/> and the blob store of
    /// encrypted files on Npgsql, all in the database of <see cref="SiloPostgresOptions.ConnectionString"/>, whose schema
    /// must be at <see cref="PostgresSchema.CurrentVersion"/> (<c>wickr-admin db migrate</c>). The
    /// <see cref="PostgresDatabase"/> is registered too, for the schema check and the health check.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="options">The connection string and write batch size (section <see cref="SiloPostgresOptions.SectionName"/>).</param>
    /// <returns>The silo builder.</returns>
    /// <exception cref="InvalidConfigurationException">The connection string is missing or unreadable, or an option cannot work.</exception>
    public static ISiloBuilder AddWickrPostgresStorage(this ISiloBuilder builder, SiloPostgresOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddWickrPostgresStorage(new PostgresDatabase(options));
    }

    /// <summary>
    /// Registers the stores of <see cref="AddWickrPostgresStorage(ISiloBuilder, SiloPostgresOptions)"/> on
    /// <paramref name="database"/>, which the silo's container then owns (and disposes at shutdown).
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="database">The database, whose pool the silo's clustering may share.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddWickrPostgresStorage(this ISiloBuilder builder, PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(database);

        // Handed out by a factory so the container disposes it at the silo's shutdown: the writer commits what is
        // queued and the pool closes.
        var services = builder.Services;
        services.AddSingleton(_ => database);
        services.AddSingleton<IMailboxStore, PostgresMailboxStore>();
        services.AddSingleton<IEphemeralKeyStore, PostgresEphemeralKeyStore>();
        services.AddWickrBlobStore(new PostgresBlobStore(database.DataSource));
        builder.AddAdoNetGrainStorage(WickrGrains.StorageName, storage => storage.Configure<Serializer>((storage, serializer) =>
        {
            // The silo's pool (with synchronous_commit on), not a second one: Orleans takes one of the two.
            storage.Invariant = Invariant;
            storage.DataSource = database.DataSource;

            // Clearing a grain's state (node or user removal) removes its row instead of leaving an empty one.
            storage.DeleteStateOnClear = true;

            // Field ids and [Alias] names, never a .NET type name: renaming a state type cannot strand the rows written.
            storage.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));
        return builder;
    }
}
