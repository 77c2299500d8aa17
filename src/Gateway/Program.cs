using Wickr.Cluster.Gateway;
using Wickr.Cluster.Gateway.Hosting;

// The standalone gateway: an Orleans client in front of a silo cluster (section "Silo", as the silo host reads it),
// serving the gRPC API on Wickr:Gateway:Urls (default http://127.0.0.1:5081). Unlike the embedded gateway it needs
// Wickr:Gateway:TokenSecret, since several instances must verify each other's tokens.
var builder = WebApplication.CreateBuilder(args);
builder.AddWickrClusterClient();
builder.Services.AddWickrGateway(builder.Configuration);
builder.Services.PostConfigure<GatewayOptions>(o =>
    o.GenerateTokenSecretIfMissing = builder.Configuration.GetValue($"{GatewayOptions.Section}:GenerateTokenSecretIfMissing", false));
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenWickrGateway(builder.Configuration, "http://127.0.0.1:5081"));

var app = builder.Build();
app.MapWickrGateway();
await app.RunAsync();
