using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Hosting.Addresses;

namespace Wickr.Cluster.Hosting.Telemetry;

/// <summary>
/// The OpenTelemetry both hosts export: Orleans', ASP.NET Core's, the .NET runtime's and the process's metrics plus the
/// host's own meters; Orleans' traces; OTLP when configured and a Prometheus scrape endpoint when enabled.
/// </summary>
public static class WickrTelemetry
{
    /// <summary>Orleans' meter (silos and clients alike).</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    /// <summary>
    /// Collects <see cref="OrleansMeterName"/>, ASP.NET Core's and Kestrel's meters, runtime and process metrics and
    /// <paramref name="meters"/>, and Orleans' and ASP.NET Core's activity sources. Exports over OTLP only when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard <c>OTEL_*</c> variables apply), and to Prometheus when
    /// <see cref="TelemetryOptions.Prometheus"/> is on (map it with <see cref="MapWickrTelemetry"/>).
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="defaultServiceName">The service name reported when <c>OTEL_SERVICE_NAME</c> is not set.</param>
    /// <param name="meters">The host's own meters.</param>
    /// <returns>The OpenTelemetry builder, for more instrumentation or exporters.</returns>
    /// <exception cref="InvalidOperationException">A <c>Telemetry</c> setting cannot work; the message names it.</exception>
    public static IOpenTelemetryBuilder AddWickrOpenTelemetry(this IHostApplicationBuilder builder, string defaultServiceName, params string[] meters)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultServiceName);
        var options = ValidatedOptions.Read<TelemetryOptions>(builder.Configuration, TelemetryOptions.SectionName);

        // The scrape endpoint answers only on the ports Kestrel bound for Kestrel:Endpoints (port 0 included).
        builder.AddWickrListeningAddresses();
        builder.Services.AddSingleton(options);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(defaultServiceName);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter([OrleansMeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", .. meters])
                    .AddRuntimeInstrumentation()
                    .AddProcessInstrumentation();
                if (options.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            })
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

    /// <summary>
    /// Serves the Prometheus scrape endpoint (<see cref="TelemetryOptions.PrometheusPath"/>) when it is enabled, and only
    /// on the HTTP endpoints of configuration (<c>Kestrel:Endpoints:*:Url</c>: the health port, by the port Kestrel bound
    /// for it), never on the gRPC port that devices reach through the gateway's Service.
    /// </summary>
    /// <param name="app">The built application.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapWickrTelemetry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<TelemetryOptions>();
        if (options.Prometheus)
        {
            var addresses = app.Services.GetRequiredService<ListeningAddresses>();
            app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
                context.Request.Path == options.PrometheusPath
                && addresses.Ports(ListeningAddresses.KestrelEndpointsSection).Contains(context.Connection.LocalPort));
        }

        return app;
    }
}
