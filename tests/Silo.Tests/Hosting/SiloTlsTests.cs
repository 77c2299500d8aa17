using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Connections.Security;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Gateway.Hosting;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Hosting;
using Wickr.Cluster.Testing;
using Xunit.Abstractions;

namespace Wickr.Cluster.Silo.Tests.Hosting;

/// <summary>
/// The back door: with mutual TLS on the Orleans ports, a client without the cluster's certificate, or with one from
/// another CA, cannot call a grain; the gateway's own Orleans client (same settings) can.
/// </summary>
public sealed class SiloTlsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    // The rightful client connects in about a second; a refused one is given a few times that.
    private static readonly TimeSpan RefusalPatience = TimeSpan.FromSeconds(8);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wickr-silo-tls-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly string _cluster = "tls" + Guid.NewGuid().ToString("N")[..10];
    private InProcessSilo? _silo;
    private SiloCertificates _clusterCertificates = null!;
    private int _gatewayPort;

    public async Task InitializeAsync()
    {
        _clusterCertificates = SiloCertificates.Create(Path.Combine(_root, "cluster"));
        var settings = new Dictionary<string, string?>
        {
            ["Silo:Mode"] = "Embedded",
            ["Silo:ClusterId"] = _cluster,
            ["Silo:ServiceId"] = _cluster,
            ["Silo:DataDirectory"] = Path.Combine(_root, "data"),
            ["Silo:Tls:Enabled"] = "true",
            ["Gateway:Enabled"] = "false",
        };
        foreach (var (key, value) in _clusterCertificates.Settings())
        {
            settings[key] = value;
        }

        _silo = await InProcessSilo.StartAsync(settings);
        _gatewayPort = _silo.GatewayPort;
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_client_without_the_cluster_certificate_cannot_call_a_grain()
    {
        var outcome = await CallThroughAsync(client => { });
        output.WriteLine($"plain client: {outcome}");
        Assert.NotEqual(Reached, outcome);
    }

    [Fact]
    public async Task A_client_with_a_certificate_from_another_CA_cannot_call_a_grain()
    {
        var stranger = SiloCertificates.Create(Path.Combine(_root, "stranger"));
        var settings = new SiloOptions
        {
            Tls = new()
            {
                Enabled = true,
                CertificatePath = stranger.CertificatePath,
                KeyPath = stranger.KeyPath,
                // The stranger trusts the cluster's CA, so only the silo's check of the stranger's certificate can stop it.
                CaCertificatePath = _clusterCertificates.CaCertificatePath,
            },
        };
        using var certificates = SiloTlsCertificates.Load(settings)!;
        var outcome = await CallThroughAsync(client => client.UseTls(certificates.Configure));
        output.WriteLine($"client with another CA's certificate: {outcome}");
        Assert.NotEqual(Reached, outcome);
    }

    [Fact]
    public async Task The_gateway_client_with_the_cluster_certificate_calls_a_grain()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        var settings = new Dictionary<string, string?>
        {
            ["Silo:Mode"] = "Embedded",
            ["Silo:ClusterId"] = _cluster,
            ["Silo:ServiceId"] = _cluster,
            ["Silo:GatewayPort"] = _gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Silo:Tls:Enabled"] = "true",
        };
        foreach (var (key, value) in _clusterCertificates.Settings())
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddWickrClusterClient();
        using var host = builder.Build();
        using var timeout = new CancellationTokenSource(Patience);
        await host.StartAsync(timeout.Token);
        try
        {
            Assert.Equal(Reached, await CallAsync(host.Services.GetRequiredService<IClusterClient>()).WaitAsync(Patience));
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void Azure_mode_without_certificates_fails_at_start_naming_the_settings_unless_turned_off()
    {
        var azure = new Dictionary<string, string?> { ["Silo:Mode"] = "Azure", ["Silo:AzureStorage:ConnectionString"] = "UseDevelopmentStorage=true" };

        // Read by the one class of Silo:*, as the silo and the standalone gateway read it.
        var ex = Assert.Throws<InvalidConfigurationException>(() => SiloOptions.Read(Configuration(azure)));
        Assert.Contains("Silo:Tls:CertificatePath, KeyPath, CaCertificatePath are required", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Silo:Tls:Enabled=false", ex.Message, StringComparison.Ordinal);
        Assert.Null(SiloTlsCertificates.Load(SiloOptions.Read(Configuration(new(azure) { ["Silo:Tls:Enabled"] = "false" }))));
        Assert.Null(SiloTlsCertificates.Load(SiloOptions.Read(Configuration([]))));

        // Turned on in embedded mode, one missing file is named.
        ex = Assert.Throws<InvalidConfigurationException>(() => SiloOptions.Read(Configuration(new()
        {
            ["Silo:Tls:Enabled"] = "true",
            ["Silo:Tls:CertificatePath"] = "/tls/tls.crt",
            ["Silo:Tls:KeyPath"] = "/tls/tls.key",
        })));
        Assert.Contains("Silo:Tls:CaCertificatePath is required: Silo:Tls:Enabled is true.", ex.Message, StringComparison.Ordinal);
    }

    private const string Reached = "reached the grain";

    // A plain Orleans client (no retry filter): the outcome of starting it and calling a user grain.
    private async Task<string> CallThroughAsync(Action<IClientBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        builder.UseOrleansClient(client =>
        {
            client.UseLocalhostClustering(_gatewayPort, _cluster, _cluster);
            configure(client);
        });
        using var host = builder.Build();
        try
        {
            using var timeout = new CancellationTokenSource(RefusalPatience);
            await host.StartAsync(timeout.Token);
            return await CallAsync(host.Services.GetRequiredService<IClusterClient>()).WaitAsync(RefusalPatience);
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            return $"refused: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}";
        }
        finally
        {
            try
            {
                await host.StopAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                // The client never connected; stopping it may fail the same way.
            }
        }
    }

    // Any answer from the grain (here: no such user) shows the call got through.
    private static async Task<string> CallAsync(IClusterClient client)
    {
        try
        {
            await client.GetGrain<IUserGrain>(GrainKeys.ForRoot(RandomNumberGenerator.GetBytes(16))).GetProfileAsync();
            return Reached;
        }
        catch (ClusterException)
        {
            return Reached;
        }
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
