using Microsoft.Extensions.Options;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Gateway.Hosting;
using Wickr.Cluster.Hosting.Addresses;
using Wickr.Cluster.Hosting.Logging;
using Wickr.Cluster.Silo.Hosting;

// The silo host. With no configuration: one silo on localhost with a SQLite file under .data/ (embedded mode);
// section "Silo" (or Silo__* environment variables) switches to an Azure Storage or a PostgreSQL cluster. See
// docs/configuration.md.
// Hosting:AddressesFile names a file the host writes its bound URLs to once started (for port 0).
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddWickrLoggingDefaults();
    builder.AddWickrListeningAddresses();

    // The gRPC gateway in the same process (Gateway:Enabled, default true): HTTP/2 on Gateway:Urls.
    var gateway = builder.Configuration.IsWickrGatewayEnabled();
    builder.AddWickrSilo();
    if (gateway)
    {
        builder.Services.AddWickrGateway(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenWickrGateway("http://127.0.0.1:5080"));
    }

    var app = builder.Build();

    // Options that cannot work stop the host here, before it starts (which would log the refusal with a stack trace).
    app.Services.GetService<IStartupValidator>()?.Validate();
    foreach (var validator in app.Services.GetServices<Orleans.IConfigurationValidator>())
    {
        // Orleans' own checks, which it would otherwise run while starting, after logging the failure with a stack trace.
        validator.ValidateConfiguration();
    }

    app.MapWickrSiloEndpoints();
    if (gateway)
    {
        app.MapWickrGateway();
    }

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
