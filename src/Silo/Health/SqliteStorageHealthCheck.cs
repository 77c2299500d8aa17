using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Wickr.Cluster.Silo.Health;

/// <summary>Healthy when the embedded database file opens for writing and answers a query.</summary>
internal sealed class SqliteStorageHealthCheck(string databasePath) : IHealthCheck
{
    private readonly string connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        // The stores create the file on first use; creating it here first is the same empty database.
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = false,
    }.ToString();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master;";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("Database answers.");
        }
        catch (SqliteException e)
        {
            return HealthCheckResult.Unhealthy("Database does not answer.", e);
        }
    }
}
