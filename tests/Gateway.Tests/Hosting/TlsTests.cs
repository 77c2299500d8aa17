using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Health.V1;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Wickr.Cluster.Gateway.Tests.Fixtures;

namespace Wickr.Cluster.Gateway.Tests.Hosting;

[Collection(GatewayCollection.Name)]
public sealed class TlsTests(GatewayFixture fixture) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wickr-gateway-tls").FullName;

    [Fact]
    public async Task An_https_url_serves_grpc_over_tls_with_the_configured_pem_certificate()
    {
        using var certificate = SelfSigned();
        var certificatePath = Path.Combine(_folder, "gateway.crt");
        var keyPath = Path.Combine(_folder, "gateway.key");
        await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem());
        using (var key = certificate.GetECDsaPrivateKey()!)
        {
            await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
        }

        var settings = GatewayHost.Settings(fixture.TokenSecret);
        settings["Gateway:Urls"] = "https://127.0.0.1:0";
        settings["Gateway:Tls:CertificatePath"] = certificatePath;
        settings["Gateway:Tls:KeyPath"] = keyPath;
        var thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        await using var gateway = await GatewayHost.StartAsync(fixture.Client, fixture.Time, settings, () => new HttpClientHandler
        {
            // Pinned: the client accepts exactly the certificate the test configured.
            ServerCertificateCustomValidationCallback = (_, presented, _, _) =>
                presented is not null && presented.GetCertHashString(HashAlgorithmName.SHA256) == thumbprint,
        });

        Assert.StartsWith("https://127.0.0.1:", gateway.Address, StringComparison.Ordinal);
        var health = new Health.HealthClient(gateway.Channel);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);

        var clients = new TestClients(gateway.Channel, fixture.Time);
        var device = await clients.NewDeviceAsync();
        Assert.NotNull(device.Token);
    }

    [Theory]
    [InlineData(null, null, "Tls:CertificatePath is required")]
    [InlineData("gateway.crt", null, "Tls:KeyPath is required")]
    public async Task An_https_url_without_a_certificate_does_not_start(string? certificate, string? key, string message)
    {
        var settings = GatewayHost.Settings(fixture.TokenSecret);
        settings["Gateway:Urls"] = "https://127.0.0.1:0";
        settings["Gateway:Tls:CertificatePath"] = certificate is null ? null : Path.Combine(_folder, certificate);
        settings["Gateway:Tls:KeyPath"] = key;

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(
            () => GatewayHost.StartAsync(fixture.Client, new FakeTimeProvider(), settings));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:1")]
    [InlineData("http://example.com:5080")]
    [InlineData("http://127.0.0.1:5080/path")]
    public async Task A_url_that_cannot_be_listened_on_does_not_start(string url)
    {
        var settings = GatewayHost.Settings(fixture.TokenSecret);
        settings["Gateway:Urls"] = url;

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(
            () => GatewayHost.StartAsync(fixture.Client, new FakeTimeProvider(), settings));
        Assert.Contains("Gateway:Urls", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }
}
