using Wickr.Cluster.EndToEnd.Tests.Harness;
using Wickr.Cluster.Testing;

namespace Wickr.Cluster.EndToEnd.Tests.Telemetry;

/// <summary>
/// The embedded cluster with Prometheus scrape endpoints on: the gateway's on its health port, the silo's on an extra
/// HTTP endpoint beside the one the harness probes (the scrape path answers on every HTTP/1.1 endpoint).
/// </summary>
public sealed class PrometheusClusterFixture : ClusterFixture
{
    private readonly int[] _ports = Loopback.FreePorts(2);

    public Uri SiloScrape => new($"http://127.0.0.1:{_ports[0]}/metrics");

    public Uri GatewayScrape => new($"http://127.0.0.1:{_ports[1]}/metrics");

    public Uri GatewayReady => new($"http://127.0.0.1:{_ports[1]}/health/ready");

    internal override Task<ClusterSettings> SettingsAsync() => Task.FromResult(new ClusterSettings
    {
        Silo = new Dictionary<string, string>(ClusterSettings.TestGrainLimits)
        {
            ["Telemetry__Prometheus"] = "true",
            ["Kestrel__Endpoints__Scrape__Url"] = $"http://127.0.0.1:{_ports[0]}",
        },
        Gateway = new Dictionary<string, string>
        {
            ["Telemetry__Prometheus"] = "true",
            ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{_ports[1]}",
        },
    });
}
