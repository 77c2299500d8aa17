using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Gateway.Hosting;
using Wickr.Cluster.Hosting;

namespace Wickr.Cluster.Silo.Tests.Hosting;

/// <summary>One class reads Silo:* for the silo and the standalone gateway, and names every setting that cannot work.</summary>
public sealed class SiloOptionsTests
{
    [Fact]
    public void Every_problem_is_named_at_once()
    {
        var configuration = Configuration(new()
        {
            ["Silo:Mode"] = "Embedded",
            ["Silo:SiloPort"] = "30000",
            ["Silo:AdvertisedIPAddress"] = "not-an-ip",
            ["Silo:KubernetesHosting"] = "true",
        });

        var error = Assert.Throws<InvalidConfigurationException>(() => SiloOptions.Read(configuration));

        Assert.Contains("SiloPort (30000) and GatewayPort (30000)", error.Message, StringComparison.Ordinal);
        Assert.Contains("AdvertisedIPAddress 'not-an-ip'", error.Message, StringComparison.Ordinal);
        Assert.Contains("KubernetesHosting needs Mode Azure", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_the_embedded_single_silo()
    {
        var settings = SiloOptions.Read(Configuration([]));

        Assert.Equal(SiloMode.Embedded, settings.Mode);
        Assert.Equal(("wickr", "wickr", 11111, 30000), (settings.ClusterId, settings.ServiceId, settings.SiloPort, settings.GatewayPort));
        Assert.False(settings.KubernetesHosting);
    }

    [Fact]
    public void The_standalone_gateway_reads_the_same_settings_with_the_same_checks()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Silo:Mode"] = "Azure";
        builder.Configuration["Silo:ClusterId"] = "blue";

        var error = Assert.Throws<InvalidConfigurationException>(() => builder.AddWickrClusterClient());
        Assert.Contains("Silo__AzureStorage__ConnectionString", error.Message, StringComparison.Ordinal);

        builder.Configuration["Silo:AzureStorage:ConnectionString"] = "UseDevelopmentStorage=true";
        builder.Configuration["Silo:Tls:Enabled"] = "false";
        var settings = builder.AddWickrClusterClient();
        Assert.Equal(("blue", SiloMode.Azure), (settings.ClusterId, settings.Mode));
    }

    [Fact]
    public void Postgres_mode_needs_its_connection_string_and_tls_like_azure_mode_and_allows_kubernetes_hosting()
    {
        var missing = Assert.Throws<InvalidConfigurationException>(() => SiloOptions.Read(Configuration(new() { ["Silo:Mode"] = "Postgres" })));
        Assert.Contains("Silo:Postgres:ConnectionString is required in Postgres mode (environment variable Silo__Postgres__ConnectionString)", missing.Message, StringComparison.Ordinal);
        Assert.Contains("Silo:Tls:CertificatePath", missing.Message, StringComparison.Ordinal);

        var settings = SiloOptions.Read(Configuration(new()
        {
            ["Silo:Mode"] = "Postgres",
            ["Silo:Postgres:ConnectionString"] = "Host=db;Database=wickr",
            ["Silo:Tls:Enabled"] = "false",
            ["Silo:KubernetesHosting"] = "true",
        }));
        Assert.Equal((SiloMode.Postgres, "Host=db;Database=wickr", 256), (settings.Mode, settings.Postgres.ConnectionString, settings.Postgres.MaxWriteBatch));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
