using Wickr.Cluster.Configuration;

namespace Wickr.Cluster.Hosting.Telemetry;

/// <summary>Telemetry switches of both hosts: configuration section <c>Telemetry</c> (environment variables <c>Telemetry__Name</c>).</summary>
public sealed class TelemetryOptions : IValidatableOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Telemetry";

    /// <summary>Serve a Prometheus scrape endpoint at <see cref="PrometheusPath"/> on the health port. Default false.</summary>
    public bool Prometheus { get; set; }

    /// <summary>The scrape path. Default <c>/metrics</c>.</summary>
    public string PrometheusPath { get; set; } = "/metrics";

    /// <inheritdoc/>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(PrometheusPath) || !PrometheusPath.StartsWith('/'))
        {
            yield return $"{nameof(PrometheusPath)} must be a path starting with '/', not '{PrometheusPath}'.";
        }
    }
}
