using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Storage.AzureTables;
using Wickr.Cluster.Grains.Storage.Blobs;

namespace Wickr.Cluster.Grains.Hosting;

/// <summary>The cluster store: grain state, mailboxes and key pools in an Azure Storage account (tables, plus blobs for large packets).</summary>
public static class AzureStorageSiloBuilderExtensions
{
    /// <summary>
    /// Registers the Azure storage of <see cref="AddWickrAzureStorage(ISiloBuilder, SiloAzureStorageOptions)"/> in the
    /// account of <paramref name="connectionString"/>.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="connectionString">An Azure Storage connection string (<c>UseDevelopmentStorage=true</c> for Azurite).</param>
    /// <param name="configure">Table prefix and inline packet size; see <see cref="SiloAzureStorageOptions"/>.</param>
    /// <returns>The silo builder.</returns>
    /// <exception cref="ArgumentException">The connection string is empty.</exception>
    /// <exception cref="InvalidConfigurationException">An option gives an invalid name or size; the message names it under <see cref="SiloAzureStorageOptions.SectionName"/>.</exception>
    public static ISiloBuilder AddWickrAzureStorage(
        this ISiloBuilder builder, string connectionString, Action<SiloAzureStorageOptions>? configure = null)
    {
        var options = new SiloAzureStorageOptions { ConnectionString = connectionString };
        configure?.Invoke(options);
        return builder.AddWickrAzureStorage(options);
    }

    /// <summary>
    /// Registers Orleans' Azure Table grain storage as <see cref="WickrGrains.StorageName"/> (state in the Orleans codec, as
    /// the SQLite store keeps it), and <see cref="IMailboxStore"/> and <see cref="IEphemeralKeyStore"/> on Azure Tables, encrypted files as block blobs, all in the account of
    /// <see cref="SiloAzureStorageOptions.ConnectionString"/>. Tables and the blob container are created when first used.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="options">The account, table prefix and inline packet size (section <see cref="SiloAzureStorageOptions.SectionName"/>).</param>
    /// <returns>The silo builder.</returns>
    /// <exception cref="ArgumentException">The connection string is empty.</exception>
    /// <exception cref="InvalidConfigurationException">An option gives an invalid name or size; the message names it under <see cref="SiloAzureStorageOptions.SectionName"/>.</exception>
    public static ISiloBuilder AddWickrAzureStorage(this ISiloBuilder builder, SiloAzureStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString, nameof(options));

        var tables = new TableServiceClient(options.ConnectionString);
        var blobs = new BlobServiceClient(options.ConnectionString);
        builder.Services.AddSingleton<IMailboxStore>(new AzureTableMailboxStore(tables, blobs, options));
        builder.Services.AddSingleton<IEphemeralKeyStore>(new AzureTableEphemeralKeyStore(tables, options));
        builder.Services.AddWickrBlobStore(new AzureBlockBlobStore(blobs, options.FileContainerName));
        builder.AddAzureTableGrainStorage(WickrGrains.StorageName, storage => storage.Configure<Serializer, IGrainStorageSerializer>((storage, serializer, json) =>
        {
            storage.TableServiceClient = tables;
            storage.TableName = options.GrainStateTableName;

            // Clearing a grain's state (node or user removal) removes its row instead of leaving an empty one.
            storage.DeleteStateOnClear = true;

            // Written in the Orleans codec, as in the SQLite store: field ids and [Alias] names, never a .NET type name (the
            // silo's default JSON serializer writes one into every object), so renaming a state type cannot strand the
            // rows written. A row an earlier build wrote in JSON is still read, and written in the codec at its next write.
            storage.GrainStorageSerializer = new GrainStorageSerializer(new OrleansGrainStorageSerializer(serializer), json);
        }));
        return builder;
    }
}
