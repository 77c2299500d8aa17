using Microsoft.Extensions.Options;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Gateway.Hosting;
using Wickr.Cluster.Gateway.Metrics;
using Wickr.Cluster.Hosting.Addresses;
using Wickr.Cluster.Hosting.Logging;
using Wickr.Cluster.Hosting.Telemetry;

// The standalone gateway: an Orleans client in front of a silo cluster (section "Silo", as the silo host reads it),
// serving the gRPC API on Gateway:Urls (default http://127.0.0.1:5081). Unlike the embedded gateway it needs
// Gateway:TokenSecret, since several instances must verify each other's tokens. Health (and the Prometheus
// scrape path when Telemetry:Prometheus is on) answer on Kestrel:Endpoints:Http:Url when one is configured.
// Hosting:AddressesFile names a file the host writes its bound URLs to once started (for port 0).
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddWickrLoggingDefaults();
    builder.Configuration.RefuseRetiredGatewayKeys();
    builder.AddWickrListeningAddresses();
    builder.AddWickrClusterClient();
    builder.AddWickrOpenTelemetry(GatewayMetrics.DefaultServiceName, GatewayMetrics.MeterName);
    builder.Services.AddWickrGateway(builder.Configuration, hostDefaults: gateway => gateway.GenerateTokenSecretIfMissing = false);
    builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenWickrGateway("http://127.0.0.1:5081"));
    builder.Services.AddOptions<HostOptions>().Configure<IOptions<Wickr.Cluster.Gateway.GatewayOptions>>(
        (host, gateway) => host.ShutdownTimeout = gateway.Value.ShutdownTimeout);

    var app = builder.Build();

    // Options that cannot work stop the host here, before it starts (which would log the refusal with a stack trace).
    app.Services.GetService<IStartupValidator>()?.Validate();

    app.MapWickrGateway();
    app.MapWickrGatewayHealth();
    app.MapWickrTelemetry();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ConfigurationRefusal.Describe(ex) is { } refusal)
{
    // A setting that cannot work, a value that is not of its type, or a key no longer read: the one line that names
    // it, not a stack trace.
    await Console.Error.WriteLineAsync(refusal);
    return 1;
}
