using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wickr.Cluster.Grains.Storage.Postgres;

namespace Wickr.Cluster.Silo.Hosting;

/// <summary>
/// Runs before the Orleans silo starts in Postgres mode: refuses a database whose schema version this build does not
/// know (with one sentence naming the command that fixes it), or, with <c>Silo:Postgres:MigrateAtStart</c>, migrates it.
/// </summary>
internal sealed partial class PostgresSchemaGate(PostgresDatabase database, bool migrateAtStart, ILogger<PostgresSchemaGate> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (migrateAtStart)
        {
            var (from, to) = await PostgresSchema.MigrateAsync(database.DataSource, cancellationToken: cancellationToken);
            LogMigrated(logger, from, to);
        }
        else
        {
            await PostgresSchema.CheckAsync(database.DataSource, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema at version {To} (was {From}).")]
    private static partial void LogMigrated(ILogger logger, int from, int to);
}
