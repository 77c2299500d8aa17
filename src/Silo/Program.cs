using Wickr.Cluster.Silo.Hosting;

// The silo host. With no configuration: one silo on localhost with a SQLite file under .data/ (embedded mode);
// section "Silo" (or Silo__* environment variables) switches to an Azure Storage cluster. See the README.
var builder = WebApplication.CreateBuilder(args);
builder.AddWickrSilo();

var app = builder.Build();
app.MapWickrSiloEndpoints();
await app.RunAsync();
