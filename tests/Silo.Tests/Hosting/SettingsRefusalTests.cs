using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Gateway.Hosting;
using Wickr.Cluster.Hosting.Addresses;
using Wickr.Cluster.Silo.Hosting;
using Wickr.Cluster.Testing;

namespace Wickr.Cluster.Silo.Tests.Hosting;

/// <summary>
/// Every settings class refuses a value that cannot work when the host starts, naming the setting with its section:
/// the silo host and the standalone gateway built as their Program.cs builds them. Settings needed before the host is
/// built (Silo:*, Telemetry:*, Hosting:*) stop the build; options bound through dependency injection stop the start, before any
/// silo or port is up.
/// </summary>
public sealed class SettingsRefusalTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("wickr-settings-refusal").FullName;

    public enum HostKind
    {
        Silo,
        Gateway,
    }

    public static TheoryData<HostKind, string, string, string> Refusals() => new()
    {
        // SiloOptions, with its nested SiloAzureStorageOptions and SiloTlsOptions: the silo and the standalone gateway alike.
        { HostKind.Silo, "Silo:SiloPort", "0", "Silo:SiloPort" },
        { HostKind.Silo, "Silo:AdvertisedIPAddress", "pod-ip", "Silo:AdvertisedIPAddress" },
        { HostKind.Silo, "Silo:Mode", "Azure", "Silo:AzureStorage:ConnectionString" },
        { HostKind.Silo, "Silo:Mode", "Postgres", "Silo:Postgres:ConnectionString" },
        { HostKind.Gateway, "Silo:Mode", "Postgres", "Silo:Postgres:ConnectionString" },
        { HostKind.Silo, "Silo:Tls:Enabled", "true", "Silo:Tls:CertificatePath" },
        { HostKind.Gateway, "Silo:ClusterId", " ", "Silo:ClusterId" },
        { HostKind.Gateway, "Silo:Tls:Enabled", "true", "Silo:Tls:CertificatePath" },

        // TelemetryOptions.
        { HostKind.Silo, "Telemetry:PrometheusPath", "metrics", "Telemetry:PrometheusPath" },

        // HostingOptions: both hosts.
        { HostKind.Silo, "Hosting:AddressesFile", "addresses.json", "Hosting:AddressesFile" },
        { HostKind.Gateway, "Hosting:AddressesFile", "/no-such-folder-of-wickr/addresses.json", "Hosting:AddressesFile" },

        // SiloAzureStorageOptions' names and sizes (in Azure mode, set up below).
        { HostKind.Silo, "Silo:AzureStorage:TablePrefix", "1wickr", "Silo:AzureStorage:TablePrefix" },
        { HostKind.Silo, "Silo:AzureStorage:MaxInlinePacketBytes", "-1", "Silo:AzureStorage:MaxInlinePacketBytes" },

        // SiloPostgresOptions (in Postgres mode, set up below).
        { HostKind.Silo, "Silo:Postgres:MaxWriteBatch", "0", "Silo:Postgres:MaxWriteBatch" },
        { HostKind.Silo, "Silo:Postgres:ConnectionString", "Host=db;Passwrd=x", "Silo:Postgres:ConnectionString is not an Npgsql connection string" },

        // SqliteStorageOptions (embedded mode).
        { HostKind.Silo, "Silo:Sqlite:MaxWriteBatch", "0", "Silo:Sqlite:MaxWriteBatch" },
        { HostKind.Silo, "Silo:Sqlite:BusyTimeout", "-00:00:01", "Silo:Sqlite:BusyTimeout" },

        // The grains' options.
        { HostKind.Silo, "Grains:Mailbox:MaxQueuedPackets", "0", "Grains:Mailbox:MaxQueuedPackets" },
        { HostKind.Silo, "Grains:EphemeralKeyPool:LowWaterMark", "5000", "Grains:EphemeralKeyPool:LowWaterMark" },
        { HostKind.Silo, "Grains:User:MaxNodes", "0", "Grains:User:MaxNodes" },
        { HostKind.Silo, "Grains:Sender:NodeBytesPerSecond", "0", "Grains:Sender:NodeBytesPerSecond" },
        { HostKind.Silo, "Grains:Files:SweepInterval", "00:00:00", "Grains:Files:SweepInterval" },

        // GatewayOptions, with its nested RegistrationOptions and GatewayTlsOptions: embedded in the silo and standalone.
        { HostKind.Silo, "Gateway:TokenLifetime", "-00:01:00", "Gateway:TokenLifetime" },
        { HostKind.Silo, "Gateway:Registration:MaxPerSource", "0", "Gateway:Registration:MaxPerSource" },
        { HostKind.Gateway, "Gateway:TokenSecret", "c2hvcnQ=", "Gateway:TokenSecret" },
        { HostKind.Gateway, "Gateway:Urls", "https://127.0.0.1:0", "Gateway:Tls:CertificatePath" },
        { HostKind.Gateway, "Gateway:Urls", "http://gateway.example:5081", "Gateway:Urls" },

        // A key left in the retired section Wickr:Gateway, which would otherwise be ignored: the key to set instead.
        { HostKind.Silo, "Wickr:Gateway:Enabled", "false", "Wickr:Gateway:Enabled is no longer read: set Gateway:Enabled (environment variable Gateway__Enabled) instead." },
        { HostKind.Silo, "Wickr:Gateway:Registration:Policy", "Invite", "set Gateway:Registration:Policy (environment variable Gateway__Registration__Policy)" },
        { HostKind.Gateway, "Wickr:Gateway:TokenSecret", "c2hvcnQ=", "set Gateway:TokenSecret (environment variable Gateway__TokenSecret)" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_value_that_cannot_work_is_refused_at_start_naming_the_setting(HostKind host, string key, string value, string named)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key.StartsWith("Silo:AzureStorage:", StringComparison.Ordinal))
        {
            settings["Silo:Mode"] = "Azure";
            settings["Silo:AzureStorage:ConnectionString"] = "UseDevelopmentStorage=true";
            settings["Silo:Tls:Enabled"] = "false";
        }

        if (key.StartsWith("Silo:Postgres:", StringComparison.Ordinal))
        {
            settings["Silo:Mode"] = "Postgres";
            settings.TryAdd("Silo:Postgres:ConnectionString", "Host=127.0.0.1;Port=1");
            settings["Silo:Tls:Enabled"] = "false";
        }

        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(host, settings));

        Assert.True(error is InvalidConfigurationException or OptionsValidationException, error.ToString());
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    // Program.cs of the silo or of the standalone gateway, on loopback (Kestrel on port 0, Orleans' ports picked and
    // picked again should another process take one first); stopped again should it start.
    private Task StartAsync(HostKind host, Dictionary<string, string?> settings) => Loopback.WithFreePortsAsync(2, async ports =>
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Silo:SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture),
            ["Silo:GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["Silo:DataDirectory"] = _data,
            ["Gateway:Urls"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddWickrListeningAddresses();
        if (host == HostKind.Silo)
        {
            var gateway = builder.Configuration.IsWickrGatewayEnabled();
            builder.AddWickrSilo();
            if (gateway)
            {
                builder.Services.AddWickrGateway(builder.Configuration);
                builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenWickrGateway("http://127.0.0.1:0"));
            }
        }
        else
        {
            builder.Configuration.RefuseRetiredGatewayKeys();
            builder.AddWickrClusterClient();
            builder.Services.AddWickrGateway(builder.Configuration, hostDefaults: gateway => gateway.GenerateTokenSecretIfMissing = false);
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenWickrGateway("http://127.0.0.1:0"));
        }

        await using var app = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.StartAsync(timeout.Token);
        await app.StopAsync(CancellationToken.None);
        return true;
    });
}
