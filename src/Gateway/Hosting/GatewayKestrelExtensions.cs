using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace Wickr.Cluster.Gateway.Hosting;

/// <summary>Puts the gateway's endpoints on Kestrel from <c>Wickr:Gateway:Urls</c> and <c>Wickr:Gateway:Tls</c>.</summary>
public static class GatewayKestrelExtensions
{
    /// <summary>
    /// Listens on every URL of <c>Wickr:Gateway:Urls</c> (or <paramref name="defaultUrls"/>): <c>http://</c> as plaintext
    /// HTTP/2 (h2c: gRPC without TLS needs HTTP/2 only), <c>https://</c> as TLS with HTTP/1.1 and HTTP/2 and the
    /// certificate of <c>Wickr:Gateway:Tls</c>. Hosts: an IP address, <c>localhost</c>, or <c>*</c>/<c>0.0.0.0</c> for every
    /// interface; port 0 picks a free port.
    /// </summary>
    /// <param name="kestrel">Kestrel's options.</param>
    /// <param name="configuration">The configuration holding section <c>Wickr:Gateway</c>.</param>
    /// <param name="defaultUrls">The URLs when none are configured.</param>
    /// <exception cref="InvalidOperationException">A URL or the certificate settings cannot work; the message says which.</exception>
    public static KestrelServerOptions ListenWickrGateway(this KestrelServerOptions kestrel, IConfiguration configuration, string defaultUrls)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        var urls = string.IsNullOrWhiteSpace(options.Urls) ? defaultUrls : options.Urls;

        // Long-lived Subscribe streams: find dead peers without waiting for TCP.
        kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
        kestrel.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);

        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (https, host, port) = Parse(url);
            X509Certificate2? certificate = https ? LoadCertificate(options.Tls) : null;
            void Configure(ListenOptions listen)
            {
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

    private static (bool Https, string Host, int Port) Parse(string url)
    {
        // Uri does not accept '*' or '+' as a host; they mean "every interface".
        var normalized = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")
            || uri.AbsolutePath != "/"
            || (uri.Host != "localhost" && !IPAddress.TryParse(uri.Host, out _)))
        {
            throw new InvalidOperationException(
                $"Wickr:Gateway:Urls: '{url}' is not http(s)://HOST:PORT with HOST an IP address, localhost or *.");
        }

        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
        return (uri.Scheme == "https", host, uri.Port);
    }

    private static X509Certificate2 LoadCertificate(GatewayTlsOptions tls)
    {
        if (string.IsNullOrWhiteSpace(tls.CertificatePath))
        {
            throw new InvalidOperationException(
                "Wickr:Gateway:Tls:CertificatePath is required for an https:// URL in Wickr:Gateway:Urls.");
        }

        var extension = Path.GetExtension(tls.CertificatePath);
        if (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath, tls.Password);
        }

        if (string.IsNullOrWhiteSpace(tls.KeyPath))
        {
            throw new InvalidOperationException(
                "Wickr:Gateway:Tls:KeyPath is required with a PEM certificate (or give a .pfx/.p12 file as CertificatePath).");
        }

        return string.IsNullOrEmpty(tls.Password)
            ? X509Certificate2.CreateFromPemFile(tls.CertificatePath, tls.KeyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(tls.CertificatePath, tls.Password, tls.KeyPath);
    }
}
