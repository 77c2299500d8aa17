using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Wickr.Cluster.Silo.Health;

/// <summary>Healthy once this silo is Active in the cluster's membership; not while joining, stopping or declared dead.</summary>
internal sealed class SiloActiveHealthCheck(ILocalSiloDetails silo, IClusterMembershipService membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy("Silo is active.")
            : HealthCheckResult.Unhealthy($"Silo is {status}."));
    }
}
