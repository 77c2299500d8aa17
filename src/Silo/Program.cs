using Wickr.Cluster.Gateway.Hosting;
using Wickr.Cluster.Hosting.Addresses;
using Wickr.Cluster.Hosting.Logging;
using Wickr.Cluster.Silo.Hosting;

// The silo host. With no configuration: one silo on localhost with a SQLite file under .data/ (embedded mode);
// section "Silo" (or Silo__* environment variables) switches to an Azure Storage cluster. See the README.
var builder = WebApplication.CreateBuilder(args);
builder.AddWickrLoggingDefaults();
builder.AddWickrListeningAddresses();
builder.AddWickrSilo();

// The gRPC gateway in the same process (Wickr:Gateway:Enabled, default true): HTTP/2 on Wickr:Gateway:Urls.
var gateway = builder.Configuration.GetValue("Wickr:Gateway:Enabled", true);
if (gateway)
{
    builder.Services.AddWickrGateway(builder.Configuration);
    builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenWickrGateway("http://127.0.0.1:5080"));
}

var app = builder.Build();
app.MapWickrSiloEndpoints();
if (gateway)
{
    app.MapWickrGateway();
}

await app.RunAsync();
