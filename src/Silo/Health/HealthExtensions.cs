using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Wickr.Cluster.Grains.Storage.Postgres;
using Wickr.Cluster.Hosting;
using Wickr.Cluster.Hosting.Health;

namespace Wickr.Cluster.Silo.Health;

/// <summary>Liveness and readiness endpoints for orchestrators.</summary>
public static class HealthExtensions
{
    /// <summary>Answers 200 while the process serves HTTP at all.</summary>
    public const string LivePath = HealthPaths.Live;

    /// <summary>Answers 200 once the silo is active in its cluster and its storage answers; 503 before, while stopping, or when storage is unreachable.</summary>
    public const string ReadyPath = HealthPaths.Ready;

    private const string ReadyTag = "ready";
    private static readonly TimeSpan StorageTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Registers the readiness checks: the silo's membership status and a round trip to the storage of <paramref name="settings"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="settings">The silo options in force.</param>
    /// <param name="contentRoot">The content root the embedded data directory is relative to.</param>
    /// <returns>The health checks builder.</returns>
    public static IHealthChecksBuilder AddWickrHealthChecks(this IServiceCollection services, SiloOptions settings, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var checks = services.AddHealthChecks().AddCheck<SiloActiveHealthCheck>("silo", tags: [ReadyTag]);
        Func<IServiceProvider, IHealthCheck> storage = settings.Mode switch
        {
            SiloMode.Embedded => _ => new SqliteStorageHealthCheck(settings.DatabasePath(contentRoot)),
            SiloMode.Postgres => services => new PostgresStorageHealthCheck(services.GetRequiredService<PostgresDatabase>().DataSource),
            _ => _ => new AzureStorageHealthCheck(
                new TableServiceClient(settings.AzureStorage.ConnectionString, new TableClientOptions { Retry = { MaxRetries = 0 } }),
                settings.AzureStorage.MailboxTableName),
        };
        return checks.Add(new HealthCheckRegistration("storage", storage, failureStatus: null, tags: [ReadyTag], timeout: StorageTimeout));
    }

    /// <summary>Maps <see cref="LivePath"/> (no checks) and <see cref="ReadyPath"/> (the readiness checks).</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapWickrHealthChecks(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }
}
