using Wickr.Cluster.Gateway;
using Wickr.Cluster.Gateway.Hosting;
using Wickr.Cluster.Gateway.Metrics;
using Wickr.Cluster.Hosting.Addresses;
using Wickr.Cluster.Hosting.Logging;
using Wickr.Cluster.Hosting.Telemetry;

// The standalone gateway: an Orleans client in front of a silo cluster (section "Silo", as the silo host reads it),
// serving the gRPC API on Wickr:Gateway:Urls (default http://127.0.0.1:5081). Unlike the embedded gateway it needs
// Wickr:Gateway:TokenSecret, since several instances must verify each other's tokens. Health (and the Prometheus
// scrape path when Telemetry:Prometheus is on) answer on Kestrel:Endpoints:Http:Url when one is configured.
// Hosting:AddressesFile names a file the host writes its bound URLs to once started (for port 0).
var builder = WebApplication.CreateBuilder(args);
builder.AddWickrLoggingDefaults();
builder.AddWickrListeningAddresses();
builder.AddWickrClusterClient();
builder.AddWickrOpenTelemetry(GatewayMetrics.DefaultServiceName, GatewayMetrics.MeterName);
builder.Services.AddWickrGateway(builder.Configuration);
builder.Services.PostConfigure<GatewayOptions>(o =>
    o.GenerateTokenSecretIfMissing = builder.Configuration.GetValue($"{GatewayOptions.Section}:GenerateTokenSecretIfMissing", false));
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenWickrGateway("http://127.0.0.1:5081"));

var app = builder.Build();
app.MapWickrGateway();
app.MapWickrGatewayHealth();
app.MapWickrTelemetry();
await app.RunAsync();
