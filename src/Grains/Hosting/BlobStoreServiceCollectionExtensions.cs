using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Wickr.Cluster.Grains.Files;
using Wickr.Cluster.Grains.Storage.Blobs;

namespace Wickr.Cluster.Grains.Hosting;

/// <summary>Registers the blob store of encrypted files and the silo's part of its retention sweep; the storage extensions call it.</summary>
public static class BlobStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <paramref name="store"/> as the <see cref="IBlobStore"/>, and the ticker that asks the cluster's one
    /// retention sweeper every <see cref="FilesOptions.SweepInterval"/> to delete files past their retention.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="store">The backend.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddWickrBlobStore(this IServiceCollection services, IBlobStore store)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(store);
        services.AddSingleton(store);
        services.AddSingleton<IHostedService, FileRetentionTicker>();
        return services;
    }
}
