using System.Net;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Gateway.Hosting;
using Wickr.Cluster.Grains.Hosting;
using Wickr.Cluster.Grains.Storage.Postgres;
using Wickr.Cluster.Grains.Storage.Sqlite;
using Wickr.Cluster.Hosting;
using Wickr.Cluster.Hosting.Telemetry;
using Wickr.Cluster.Silo.Health;
using Wickr.Cluster.Silo.Telemetry;
using SiloOptions = Wickr.Cluster.Hosting.SiloOptions; // not Orleans.Configuration.SiloOptions

namespace Wickr.Cluster.Silo.Hosting;

/// <summary>Builds the silo host: Orleans with clustering and storage by mode, the grains, telemetry and health checks.</summary>
public static class SiloHostingExtensions
{
    /// <summary>
    /// Adds an Orleans silo configured from section <see cref="SiloOptions.SectionName"/> (embedded by default; the
    /// SQLite store tuned from <see cref="SqliteStorageOptions.SectionName"/>; Azure Storage or PostgreSQL in the cluster
    /// modes, the PostgreSQL schema checked before the silo starts), the grains (tuned from the sections
    /// <c>Grains:*</c>), OpenTelemetry and the health checks.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>The options in force.</returns>
    /// <exception cref="InvalidConfigurationException">A setting cannot work; the message names it.</exception>
    public static SiloOptions AddWickrSilo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        // Two warnings at every start that are not true of this silo, so their categories log errors only (beneath every
        // other source, which may say otherwise): Orleans.Runtime.Silo's note that it does not run the server GC (left off
        // by measurement, Silo.csproj; its only warnings), and Orleans.Runtime.Watchdog's "participant check thread has not
        // completed" for the machine's uptime (its first check reads a timestamp of 0). A real stall still lowers the
        // silo's health score (Orleans' LocalSiloHealthMonitor) and shows in its metrics.
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData =
            [
                new KeyValuePair<string, string?>("Logging:LogLevel:Orleans.Runtime.Silo", "Error"),
                new KeyValuePair<string, string?>("Logging:LogLevel:Orleans.Runtime.Watchdog", "Error"),
            ],
        });
        var settings = SiloOptions.Read(configuration);
        var tls = SiloTlsCertificates.Load(settings);

        // Made here so that clustering, reminders and the stores share one pool; the silo's container owns it.
        var postgres = settings.Mode == SiloMode.Postgres ? new PostgresDatabase(settings.Postgres) : null;
        if (postgres is not null)
        {
            // Registered before Orleans, so it runs (and can refuse the schema) before the silo joins the cluster.
            builder.Services.AddHostedService(services => new PostgresSchemaGate(
                services.GetRequiredService<PostgresDatabase>(), settings.Postgres.MigrateAtStart, services.GetRequiredService<ILogger<PostgresSchemaGate>>()));
        }

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
                silo.AddWickrSqliteStorage(
                    settings.DatabasePath(builder.Environment.ContentRootPath),
                    ValidatedOptions.Read<SqliteStorageOptions>(configuration, SqliteStorageOptions.SectionName));
            }
            else
            {
                silo.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = settings.ClusterId;
                    cluster.ServiceId = settings.ServiceId;
                });
                var advertised = AdvertisedAddress.Resolve(settings.AdvertisedIPAddress);

                // Bind every interface only when announcing a routable address (a pod); a loopback silo stays on loopback.
                silo.ConfigureEndpoints(advertised, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertised));
                if (postgres is not null)
                {
                    // Orleans' ADO.NET providers for membership and reminders, on the stores' pool.
                    silo.UseAdoNetClustering(clustering =>
                    {
                        clustering.Invariant = PostgresStorageSiloBuilderExtensions.Invariant;
                        clustering.DataSource = postgres.DataSource;
                    });
                    silo.UseAdoNetReminderService(reminders =>
                    {
                        reminders.Invariant = PostgresStorageSiloBuilderExtensions.Invariant;
                        reminders.DataSource = postgres.DataSource;
                    });
                    silo.AddWickrPostgresStorage(postgres);
                }
                else
                {
                    // Required in Azure mode: SiloOptions.Read refused its absence.
                    var connectionString = settings.AzureStorage.ConnectionString!;
                    silo.UseAzureStorageClustering(clustering => clustering.TableServiceClient = new TableServiceClient(connectionString));
                    silo.AddWickrAzureStorage(settings.AzureStorage);
                }
            }

            if (settings.KubernetesHosting)
            {
                silo.UseKubernetesHosting();
            }

            // A dead silo is declared within seconds (Silo:Membership); idle grains leave memory after Silo:ActivationIdleAge.
            silo.Configure<ClusterMembershipOptions>(membership =>
            {
                membership.ProbeTimeout = settings.Membership.ProbeTimeout;
                membership.NumMissedProbesLimit = settings.Membership.NumMissedProbesLimit;
                membership.NumVotesForDeathDeclaration = settings.Membership.NumVotesForDeathDeclaration;
            });
            silo.Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = settings.Membership.ResponseTimeout);
            silo.Configure<GrainCollectionOptions>(collection =>
            {
                collection.CollectionAge = settings.ActivationIdleAge;
                // Orleans refuses an age that is not above its collection pass interval (1 minute by default), and a pass
                // every half age keeps an idle grain in memory at most 1.5 × the age.
                collection.CollectionQuantum = TimeSpan.FromTicks(Math.Min(collection.CollectionQuantum.Ticks, settings.ActivationIdleAge.Ticks / 2));
            });
            silo.AddWickrGrains(configuration);
            silo.AddActivityPropagation();
        });

        // SIGTERM: Orleans' graceful stop (no new activations, grains deactivated, membership left) within this.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = settings.ShutdownTimeout);
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
