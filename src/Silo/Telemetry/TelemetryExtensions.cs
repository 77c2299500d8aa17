using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using Wickr.Cluster.Grains;
using Wickr.Cluster.Hosting.Telemetry;

namespace Wickr.Cluster.Silo.Telemetry;

/// <summary>OpenTelemetry for the silo: what every host exports (<see cref="WickrTelemetry"/>) plus the cluster's meters.</summary>
public static class TelemetryExtensions
{
    /// <summary>Orleans' meter.</summary>
    public const string OrleansMeterName = WickrTelemetry.OrleansMeterName;

    /// <summary>The service name reported when <c>OTEL_SERVICE_NAME</c> is not set.</summary>
    public const string DefaultServiceName = "wickr-silo";

    /// <summary>
    /// Adds <see cref="WickrTelemetry.AddWickrOpenTelemetry"/> with the grains' meter <see cref="ClusterMetrics.MeterName"/>,
    /// the silo's membership meter and the embedded gateway's meter.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>The OpenTelemetry builder, for more instrumentation or exporters.</returns>
    public static IOpenTelemetryBuilder AddWickrTelemetry(this IHostApplicationBuilder builder) =>
        builder.AddWickrOpenTelemetry(
            DefaultServiceName,
            ClusterMetrics.MeterName,
            MembershipMetrics.MeterName,
            Wickr.Cluster.Gateway.Metrics.GatewayMetrics.MeterName);
}
