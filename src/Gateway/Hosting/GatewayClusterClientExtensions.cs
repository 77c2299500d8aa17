using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Wickr.Cluster.Hosting;
using SiloOptions = Wickr.Cluster.Hosting.SiloOptions; // not Orleans.Configuration.SiloOptions

namespace Wickr.Cluster.Gateway.Hosting;

/// <summary>The standalone gateway's Orleans client.</summary>
public static class GatewayClusterClientExtensions
{
    /// <summary>
    /// Adds an Orleans client configured from section <see cref="SiloOptions.SectionName"/>, read as the silo reads it
    /// (<see cref="SiloOptions.Read"/>): localhost clustering (the embedded silo's gateway port) by default, Azure Table
    /// clustering in Azure mode, the PostgreSQL membership table in Postgres mode, over mutual TLS as section <c>Silo:Tls</c> (<see cref="SiloOptions.Tls"/>) says (required in
    /// Azure mode). Until a silo answers, the client keeps retrying.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>The options in force.</returns>
    /// <exception cref="Wickr.Cluster.Configuration.InvalidConfigurationException">A setting cannot work; the message names it.</exception>
    public static SiloOptions AddWickrClusterClient(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = SiloOptions.Read(builder.Configuration);
        var tls = SiloTlsCertificates.Load(settings);
        builder.UseOrleansClient(client =>
        {
            client.UseConnectionRetryFilter<WaitForClusterRetryFilter>();

            // A call in flight when a silo dies fails after Silo:Membership:ResponseTimeout, not Orleans' 30 s; silos
            // added to the cluster are connected to within Silo:Membership:GatewayListRefreshPeriod.
            client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = settings.Membership.ResponseTimeout);
            client.Configure<Orleans.Configuration.GatewayOptions>(gateways => gateways.GatewayListRefreshPeriod = settings.Membership.GatewayListRefreshPeriod);
            if (tls is not null)
            {
                client.UseTls(tls.Configure);
            }

            if (settings.Mode == SiloMode.Embedded)
            {
                client.UseLocalhostClustering(settings.GatewayPort, settings.ServiceId, settings.ClusterId);
                return;
            }

            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = settings.ClusterId;
                cluster.ServiceId = settings.ServiceId;
            });
            if (settings.Mode == SiloMode.Postgres)
            {
                // The gateway only reads the membership: Orleans' ADO.NET provider, on Npgsql's pool for the string.
                client.UseAdoNetClustering(clustering =>
                {
                    clustering.Invariant = "Npgsql";
                    clustering.ConnectionString = settings.Postgres.ConnectionString;
                });
            }
            else
            {
                client.UseAzureStorageClustering(clustering =>
                    clustering.TableServiceClient = new TableServiceClient(settings.AzureStorage.ConnectionString));
            }
        });
        return settings;
    }
}
