using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Wickr.Cluster.Gateway.Hosting;

/// <summary>The standalone gateway's Orleans client.</summary>
public static class GatewayClusterClientExtensions
{
    /// <summary>
    /// Adds an Orleans client configured from section <see cref="ClusterClientSettings.SectionName"/>: localhost clustering
    /// (the embedded silo's gateway port) by default, Azure Table clustering in Azure mode, over mutual TLS as section
    /// <see cref="SiloTlsSettings.SectionName"/> says (required in Azure mode). Until a silo answers, the client keeps retrying.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>The settings in force.</returns>
    public static ClusterClientSettings AddWickrClusterClient(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = builder.Configuration.GetSection(ClusterClientSettings.SectionName).Get<ClusterClientSettings>()
            ?? new ClusterClientSettings();
        var azure = settings.IsAzure();
        var tls = SiloTlsSettings.From(builder.Configuration).Load(clusterMode: azure);
        builder.UseOrleansClient(client =>
        {
            client.UseConnectionRetryFilter<WaitForClusterRetryFilter>();
            if (tls is not null)
            {
                client.UseTls(tls.Configure);
            }

            if (azure)
            {
                client.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = settings.ClusterId;
                    cluster.ServiceId = settings.ServiceId;
                });
                client.UseAzureStorageClustering(clustering =>
                    clustering.TableServiceClient = new TableServiceClient(settings.AzureStorage.ConnectionString));
            }
            else
            {
                client.UseLocalhostClustering(settings.GatewayPort, settings.ServiceId, settings.ClusterId);
            }
        });
        return settings;
    }
}
