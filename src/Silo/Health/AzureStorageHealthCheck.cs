using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Wickr.Cluster.Silo.Health;

/// <summary>Healthy when the storage account answers an authenticated table query.</summary>
internal sealed class AzureStorageHealthCheck(TableServiceClient tables, string tableName) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await foreach (var _ in tables.QueryAsync(t => t.Name == tableName, maxPerPage: 1, cancellationToken).AsPages())
            {
                break;
            }

            return HealthCheckResult.Healthy("Storage account answers.");
        }
        catch (RequestFailedException e)
        {
            return HealthCheckResult.Unhealthy("Storage account does not answer.", e);
        }
    }
}
