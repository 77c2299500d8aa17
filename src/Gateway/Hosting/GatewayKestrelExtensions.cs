using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Hosting.Addresses;

namespace Wickr.Cluster.Gateway.Hosting;

/// <summary>Puts the gateway's endpoints on Kestrel from <c>Gateway:Urls</c> and <c>Gateway:Tls</c>.</summary>
public static class GatewayKestrelExtensions
{
    private const string UrlsSetting = $"{GatewayOptions.SectionName}:{nameof(GatewayOptions.Urls)}";

    /// <summary>
    /// Listens on every URL of <c>Gateway:Urls</c> (or <paramref name="defaultUrls"/>): <c>http://</c> as plaintext
    /// HTTP/2 (h2c: gRPC without TLS needs HTTP/2 only), <c>https://</c> as TLS with HTTP/1.1 and HTTP/2 and the
    /// certificate of <c>Gateway:Tls</c>. Hosts: an IP address, <c>localhost</c>, or <c>*</c>/<c>0.0.0.0</c> for every
    /// interface; port 0 picks a free port. Each endpoint is recorded in <see cref="ListeningAddresses"/> (when the host
    /// registered it) under <c>Gateway:Urls</c>, so the port Kestrel bound can be announced.
    /// </summary>
    /// <param name="kestrel">Kestrel's options.</param>
    /// <param name="defaultUrls">The URLs when none are configured.</param>
    /// <exception cref="OptionsValidationException">A setting of <c>Gateway</c> cannot work; the message names it.</exception>
    /// <remarks>Reads the gateway's options as <see cref="GatewayServiceCollectionExtensions.AddWickrGateway"/> registered and validates them.</remarks>
    public static KestrelServerOptions ListenWickrGateway(this KestrelServerOptions kestrel, string defaultUrls)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        var options = kestrel.ApplicationServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var urls = string.IsNullOrWhiteSpace(options.Urls) ? defaultUrls : options.Urls;
        var addresses = kestrel.ApplicationServices.GetService<ListeningAddresses>();

        // Long-lived Subscribe streams: find dead peers without waiting for TCP.
        kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
        kestrel.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);

        // What slow and idle clients may hold (Gateway:Connections); a unary body's deadline is RequestBodyDeadline's.
        var connections = options.Connections;
        kestrel.Limits.MaxConcurrentConnections = connections.MaxConnections;
        kestrel.Limits.MaxConcurrentUpgradedConnections = connections.MaxConnections;
        kestrel.Limits.Http2.MaxStreamsPerConnection = connections.MaxStreamsPerConnection;
        kestrel.Limits.Http2.InitialConnectionWindowSize = connections.ConnectionWindowBytes;
        kestrel.Limits.Http2.InitialStreamWindowSize = connections.StreamWindowBytes;
        kestrel.Limits.RequestHeadersTimeout = connections.RequestHeadersTimeout;
        kestrel.Limits.KeepAliveTimeout = connections.IdleTimeout;
        var perSource = kestrel.ApplicationServices.GetRequiredService<Connections.ConnectionsPerSource>();

        foreach (var url in GatewayUrl.Split(urls))
        {
            var (https, host, port) = GatewayUrl.TryParse(url, out var parsed)
                ? parsed
                : throw new ArgumentException($"'{url}' is not http(s)://HOST:PORT with HOST an IP address, localhost or *.", nameof(defaultUrls));
            X509Certificate2? certificate = https ? LoadCertificate(options.Tls) : null;
            void Configure(ListenOptions listen)
            {
                addresses?.Add(UrlsSetting, listen, https);
                listen.Use(perSource.Limit);
                if (certificate is null)
                {
                    listen.Protocols = HttpProtocols.Http2;
                }
                else
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(certificate);
                }
            }

            switch (host)
            {
                case "localhost":
                    kestrel.ListenLocalhost(port, Configure);
                    break;
                case "*" or "+" or "0.0.0.0":
                    kestrel.ListenAnyIP(port, Configure);
                    break;
                default:
                    kestrel.Listen(IPAddress.Parse(host), port, Configure);
                    break;
            }
        }

        return kestrel;
    }

    // The options were checked when resolved above: an https:// URL has its certificate, a PEM certificate its key.
    // An empty password (as a configuration file's null binds) is no password.
    private static X509Certificate2 LoadCertificate(GatewayTlsOptions tls) =>
        tls.IsPkcs12
            ? X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath!, string.IsNullOrEmpty(tls.Password) ? null : tls.Password)
            : string.IsNullOrEmpty(tls.Password)
                ? X509Certificate2.CreateFromPemFile(tls.CertificatePath!, tls.KeyPath!)
                : X509Certificate2.CreateFromEncryptedPemFile(tls.CertificatePath!, tls.Password, tls.KeyPath!);
}
