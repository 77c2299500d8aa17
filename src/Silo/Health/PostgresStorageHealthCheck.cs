using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Wickr.Cluster.Silo.Health;

/// <summary>Healthy when the PostgreSQL database answers a query on a pooled connection.</summary>
internal sealed class PostgresStorageHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1;");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("Database answers.");
        }
        catch (NpgsqlException e)
        {
            return HealthCheckResult.Unhealthy("Database does not answer.", e);
        }
    }
}
