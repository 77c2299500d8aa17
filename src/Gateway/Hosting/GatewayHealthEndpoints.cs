using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Wickr.Cluster.Hosting.Health;

namespace Wickr.Cluster.Gateway.Hosting;

/// <summary>The standalone gateway's HTTP/1.1 health endpoints, for orchestrators that probe over HTTP.</summary>
public static class GatewayHealthEndpoints
{
    /// <summary>
    /// Maps <see cref="HealthPaths.Live"/> (no checks) and <see cref="HealthPaths.Ready"/> (the cluster answers, the
    /// same check the gRPC health service reports). Served on every Kestrel endpoint that speaks HTTP/1.1: the health
    /// port <c>Kestrel:Endpoints:Http:Url</c>, never the h2c gRPC port.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <returns>The endpoints.</returns>
    public static IEndpointRouteBuilder MapWickrGatewayHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHealthChecks(HealthPaths.Live, new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks(HealthPaths.Ready, new HealthCheckOptions
        {
            Predicate = check => check.Name == GatewayServiceCollectionExtensions.HealthCheckName,
        });
        return endpoints;
    }
}
