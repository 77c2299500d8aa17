using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Wickr.Cluster.Grains;
using Wickr.Cluster.Silo.Telemetry;
using Wickr.Cluster.Silo.Tests.Hosting;

namespace Wickr.Cluster.Silo.Tests.Telemetry;

public sealed class TelemetryTests
{
    [Fact]
    public async Task The_silo_exports_the_cluster_and_Orleans_meters_and_grain_call_traces_without_identifiers()
    {
        var metrics = new List<MetricSnapshot>();
        var spans = new List<Activity>();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "wickr-silo-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var scenario = new ClusterScenario();
            await using (var silo = await InProcessSilo.StartAsync(
                new Dictionary<string, string?> { ["Silo:DataDirectory"] = dataDirectory },
                builder =>
                {
                    builder.Services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics));
                    builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans));
                }))
            {
                await scenario.WriteAsync(silo.Grains);
                Assert.True(silo.Services.GetRequiredService<MeterProvider>().ForceFlush());
                Assert.True(silo.Services.GetRequiredService<TracerProvider>().ForceFlush());
            }

            var cluster = metrics.Where(m => m.MeterName == ClusterMetrics.MeterName).ToList();
            // Cumulative sums: the last export holds the total (other tests' silos in this process add to it).
            var enqueued = cluster.Last(m => m.Name == "wickr.packets.enqueued");
            Assert.True(enqueued.MetricPoints.Sum(p => p.GetSumLong()) >= 3);
            Assert.Contains(cluster, m => m.Name == "wickr.ephemeral_keys.claimed");
            Assert.Contains(metrics, m => m.MeterName == TelemetryExtensions.OrleansMeterName);

            // No grain key, user or node identifier in any attribute of the project's metrics.
            var node = Convert.ToHexString(scenario.NodeId);
            foreach (var point in cluster.SelectMany(m => m.MetricPoints))
            {
                foreach (var tag in point.Tags)
                {
                    Assert.DoesNotContain(node, tag.Value?.ToString() ?? "", StringComparison.OrdinalIgnoreCase);
                }
            }

            Assert.Contains(spans, s => s.Source.Name == Orleans.Diagnostics.ActivitySources.ApplicationGrainActivitySourceName);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_set_metrics_and_traces_are_sent_there()
    {
        using var receiver = new OtlpReceiver();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "wickr-silo-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using (var silo = await InProcessSilo.StartAsync(new Dictionary<string, string?>
            {
                ["Silo:DataDirectory"] = dataDirectory,
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString(),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            }))
            {
                await new ClusterScenario().WriteAsync(silo.Grains);
                Assert.True(silo.Services.GetRequiredService<MeterProvider>().ForceFlush());
                Assert.True(silo.Services.GetRequiredService<TracerProvider>().ForceFlush());
            }

            Assert.True(receiver.Received("/v1/metrics", "wickr.packets.enqueued"));
            Assert.True(receiver.Received("/v1/metrics", TelemetryExtensions.OrleansMeterName));
            Assert.True(receiver.Received("/v1/traces", Orleans.Diagnostics.ActivitySources.ApplicationGrainActivitySourceName));
            Assert.True(receiver.Received("/v1/metrics", TelemetryExtensions.DefaultServiceName));
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
