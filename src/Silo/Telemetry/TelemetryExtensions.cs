using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;
using Wickr.Cluster.Contracts;
using Wickr.Cluster.Grains;

namespace Wickr.Cluster.Silo.Telemetry;

/// <summary>OpenTelemetry for the silo: Orleans' and the cluster's meters, Orleans' traces, OTLP export when configured.</summary>
public static class TelemetryExtensions
{
    /// <summary>Orleans' meter.</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    /// <summary>The service name reported when <c>OTEL_SERVICE_NAME</c> is not set.</summary>
    public const string DefaultServiceName = "wickr-silo";

    /// <summary>
    /// Collects the meters <see cref="OrleansMeterName"/>, <see cref="ClusterMetrics.MeterName"/> and ASP.NET Core's, and
    /// Orleans' activity sources (grain calls, lifecycle, storage). Exports over OTLP only when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard <c>OTEL_*</c> variables apply).
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>The OpenTelemetry builder, for more instrumentation or exporters.</returns>
    public static IOpenTelemetryBuilder AddWickrTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(DefaultServiceName);
                }
            })
            .WithMetrics(metrics => metrics.AddMeter(
                OrleansMeterName,
                ClusterMetrics.MeterName,
                Wickr.Cluster.Gateway.Metrics.GatewayMetrics.MeterName,
                "Microsoft.AspNetCore.Hosting",
                "Microsoft.AspNetCore.Server.Kestrel"))
            .WithTracing(tracing => tracing.AddSource(
                ActivitySources.RuntimeActivitySourceName,
                ActivitySources.ApplicationGrainActivitySourceName,
                ActivitySources.LifecycleActivitySourceName,
                ActivitySources.StorageActivitySourceName));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return telemetry;
    }
}
