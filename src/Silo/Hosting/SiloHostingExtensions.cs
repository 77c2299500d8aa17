using System.Net;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using Wickr.Cluster.Gateway.Hosting;
using Wickr.Cluster.Grains.Hosting;
using Wickr.Cluster.Hosting;
using Wickr.Cluster.Hosting.Telemetry;
using Wickr.Cluster.Silo.Health;
using Wickr.Cluster.Silo.Telemetry;

namespace Wickr.Cluster.Silo.Hosting;

/// <summary>Builds the silo host: Orleans with clustering and storage by mode, the grains, telemetry and health checks.</summary>
public static class SiloHostingExtensions
{
    /// <summary>The configuration section whose <c>Mailbox</c>, <c>EphemeralKeyPool</c>, <c>User</c>, <c>Sender</c> and <c>Files</c> sections tune the grains.</summary>
    public const string GrainsSectionName = "Grains";

    /// <summary>
    /// Adds an Orleans silo configured from section <see cref="SiloSettings.SectionName"/> (embedded by default),
    /// the grains (tuned from section <see cref="GrainsSectionName"/>), OpenTelemetry and the health checks.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>The settings in force.</returns>
    /// <exception cref="InvalidOperationException">A setting cannot work; the message names it.</exception>
    public static SiloSettings AddWickrSilo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var settings = SiloSettings.Read(configuration);
        var tls = SiloTlsCertificates.Load(settings);

        builder.UseOrleans(silo =>
        {
            if (tls is not null)
            {
                // Mutual TLS on the silo and gateway ports: peers and clients without a certificate of the cluster's CA
                // cannot call a grain.
                silo.UseTls(tls.Configure);
            }

            if (settings.Mode == SiloMode.Embedded)
            {
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
                silo.AddWickrSqliteStorage(settings.DatabasePath(builder.Environment.ContentRootPath));
            }
            else
            {
                var connectionString = settings.AzureStorage.ConnectionString!;
                silo.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = settings.ClusterId;
                    cluster.ServiceId = settings.ServiceId;
                });
                silo.UseAzureStorageClustering(clustering => clustering.TableServiceClient = new TableServiceClient(connectionString));
                var advertised = AdvertisedAddress.Resolve(settings.AdvertisedIPAddress);

                // Bind every interface only when announcing a routable address (a pod); a loopback silo stays on loopback.
                silo.ConfigureEndpoints(advertised, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertised));
                silo.AddWickrAzureStorage(connectionString, storage =>
                {
                    storage.TablePrefix = settings.AzureStorage.TablePrefix;
                    storage.MaxInlinePacketBytes = settings.AzureStorage.MaxInlinePacketBytes ?? storage.MaxInlinePacketBytes;
                });
            }

            if (settings.KubernetesHosting)
            {
                silo.UseKubernetesHosting();
            }

            silo.AddWickrGrains(configuration.GetSection(GrainsSectionName));
            silo.AddActivityPropagation();
        });

        builder.AddWickrTelemetry();
        builder.Services.AddHostedService<MembershipMetrics>();
        builder.Services.AddHostedService<ClusterCounterSeeds>();
        builder.Services.AddWickrHealthChecks(settings, builder.Environment.ContentRootPath);
        return settings;
    }

    /// <summary>Maps the silo's HTTP endpoints: <c>/health/live</c>, <c>/health/ready</c> and, when enabled, the Prometheus scrape path.</summary>
    /// <param name="app">The built application.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapWickrSiloEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapWickrHealthChecks();
        app.MapWickrTelemetry();
        return app;
    }
}
