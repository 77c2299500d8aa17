using Wickr.Cluster.EndToEnd.Tests.Harness;

namespace Wickr.Cluster.EndToEnd.Tests.Telemetry;

/// <summary>
/// The embedded cluster with Prometheus scrape endpoints on: the gateway's on its health port, the silo's on an extra
/// HTTP endpoint beside the one the harness probes (the scrape path answers on every HTTP/1.1 endpoint). Every
/// endpoint binds port 0; the hosts announce the ports they got.
/// </summary>
public sealed class PrometheusClusterFixture : ClusterFixture
{
    private const string SiloScrapeEndpoint = "Kestrel:Endpoints:Scrape";
    private static readonly TimeSpan Announced = TimeSpan.FromSeconds(30);

    public async Task<Uri> SiloScrapeAsync() => new(await Cluster.Silo.AddressAsync(SiloScrapeEndpoint, Announced), "/metrics");

    public async Task<Uri> GatewayScrapeAsync() => new(await Cluster.Gateway.AddressAsync(HostProcess.HttpEndpoint, Announced), "/metrics");

    public async Task<Uri> GatewayReadyAsync() => new(await Cluster.Gateway.AddressAsync(HostProcess.HttpEndpoint, Announced), "/health/ready");

    internal override Task<ClusterSettings> SettingsAsync() => Task.FromResult(new ClusterSettings
    {
        Silo = new Dictionary<string, string>(ClusterSettings.TestGrainLimits)
        {
            ["Telemetry__Prometheus"] = "true",
            ["Kestrel__Endpoints__Scrape__Url"] = "http://127.0.0.1:0",
        },
        Gateway = new Dictionary<string, string>
        {
            ["Telemetry__Prometheus"] = "true",
            ["Kestrel__Endpoints__Http__Url"] = "http://127.0.0.1:0",
        },
    });
}
