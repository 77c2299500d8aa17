using System.Net;

namespace Wickr.Cluster.Gateway;

/// <summary>One URL of <see cref="GatewayOptions.Urls"/>: <c>http(s)://HOST:PORT</c> with HOST an IP address, <c>localhost</c> or <c>*</c>.</summary>
/// <param name="Https">TLS (with HTTP/1.1 and HTTP/2) rather than plaintext HTTP/2.</param>
/// <param name="Host">An IP address, <c>localhost</c>, or <c>0.0.0.0</c> for every interface.</param>
/// <param name="Port">The port; 0 picks a free one.</param>
internal readonly record struct GatewayUrl(bool Https, string Host, int Port)
{
    /// <summary>The URLs of a <c>;</c>-separated list.</summary>
    public static IEnumerable<string> Split(string? urls) =>
        (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Parses <paramref name="url"/>; false when it is not one the gateway can listen on.</summary>
    public static bool TryParse(string url, out GatewayUrl parsed)
    {
        // Uri does not accept '*' or '+' as a host; they mean "every interface".
        var normalized = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")
            || uri.AbsolutePath != "/"
            || (uri.Host != "localhost" && !IPAddress.TryParse(uri.Host, out _)))
        {
            parsed = default;
            return false;
        }

        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
        parsed = new GatewayUrl(uri.Scheme == "https", host, uri.Port);
        return true;
    }
}
