using Wickr.Cluster.Configuration;

namespace Wickr.Cluster.Gateway;

/// <summary>
/// Connection and stream limits of the gateway's Kestrel endpoints: section <c>Gateway:Connections</c>, nested in
/// <see cref="GatewayOptions"/>. They bound what slow or idle clients can hold: connections, streams per connection,
/// the bytes a client may send ahead, and how long a unary request's body may take. docs/deploying.md lists the
/// matching settings of an ingress in front of the gateway.
/// </summary>
public sealed class GatewayConnectionOptions : IValidatableOptions
{
    /// <summary>The configuration section these options are bound from, nested in <see cref="GatewayOptions"/>.</summary>
    public const string SectionName = "Gateway:Connections";

    /// <summary>Most open connections of one gateway (Kestrel's <c>MaxConcurrentConnections</c>); a further one is closed at once. Default 20,000.</summary>
    public int MaxConnections { get; set; } = 20_000;

    /// <summary>
    /// Most open connections from one source (an IPv4 address, an IPv6 /64); a further one is closed at once. 0 turns
    /// the cap off — needed where every client arrives through one proxy address. Default 64.
    /// </summary>
    public int MaxConnectionsPerSource { get; set; } = 64;

    /// <summary>
    /// Most concurrent HTTP/2 streams (calls) of one connection; clients open another connection beyond it (the CLI's
    /// and the load tool's channels do). Each stream a client holds costs Kestrel about 10 KiB whether or not its body
    /// ever arrives, so this, times <see cref="MaxConnectionsPerSource"/>, bounds what one source's unfinished calls
    /// cost until <see cref="RequestBodyTimeout"/> cuts them. Default 10.
    /// </summary>
    public int MaxStreamsPerConnection { get; set; } = 10;

    /// <summary>HTTP/2 connection receive window: the bytes all streams of one connection may send ahead of the gateway. Default 1 MiB.</summary>
    public int ConnectionWindowBytes { get; set; } = 1024 * 1024;

    /// <summary>HTTP/2 stream receive window: the bytes one call may send ahead of the gateway. Default 512 KiB.</summary>
    public int StreamWindowBytes { get; set; } = 512 * 1024;

    /// <summary>How long a client may take to send a request's headers (Kestrel's <c>RequestHeadersTimeout</c>). Default 10 seconds.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the body of a unary call may take to arrive complete after its headers; a call still incomplete then
    /// is reset, whatever trickle of bytes it receives. Streaming uploads are not cut (each of their messages is capped).
    /// Default 10 seconds.
    /// </summary>
    public TimeSpan RequestBodyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an idle connection (no open stream) stays open (Kestrel's <c>KeepAliveTimeout</c>). Default 2 minutes.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <inheritdoc/>
    public IEnumerable<string> Validate()
    {
        if (MaxConnections < 1) yield return "MaxConnections must be at least 1.";
        if (MaxConnectionsPerSource < 0) yield return "MaxConnectionsPerSource must be 0 (no cap) or more.";
        if (MaxStreamsPerConnection < 1) yield return "MaxStreamsPerConnection must be at least 1.";

        // HTTP/2's own bounds on a window (RFC 9113 6.9.2).
        if (ConnectionWindowBytes < 65_535 || ConnectionWindowBytes > int.MaxValue - 1)
        {
            yield return "ConnectionWindowBytes must be 65,535 to 2^31-2.";
        }

        if (StreamWindowBytes < 65_535 || StreamWindowBytes > ConnectionWindowBytes)
        {
            yield return "StreamWindowBytes must be 65,535 to ConnectionWindowBytes.";
        }

        if (RequestHeadersTimeout <= TimeSpan.Zero) yield return "RequestHeadersTimeout must be positive.";
        if (RequestBodyTimeout <= TimeSpan.Zero) yield return "RequestBodyTimeout must be positive.";
        if (IdleTimeout <= TimeSpan.Zero) yield return "IdleTimeout must be positive.";
    }
}
