using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Gateway.Auth;

namespace Wickr.Cluster.Gateway.Connections;

/// <summary>
/// Open connections per source (<see cref="SourceAddress"/>), in this gateway's memory: a connection beyond
/// <see cref="GatewayConnectionOptions.MaxConnectionsPerSource"/> is closed before a byte of it is read, so one source
/// cannot hold the gateway's connections (and every stream they carry) alone.
/// </summary>
internal sealed class ConnectionsPerSource(IOptions<GatewayOptions> options)
{
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Open connections of the source of <paramref name="address"/> now.</summary>
    public int OpenFrom(IPAddress? address)
    {
        lock (_gate)
        {
            return _open.GetValueOrDefault(SourceAddress.Key(address));
        }
    }

    /// <summary>Kestrel connection middleware: counts each connection while it is open and closes those over the cap.</summary>
    public ConnectionDelegate Limit(ConnectionDelegate next) => async connection =>
    {
        var max = options.Value.Connections.MaxConnectionsPerSource;
        if (max == 0)
        {
            await next(connection);
            return;
        }

        var source = SourceAddress.Key((connection.RemoteEndPoint as IPEndPoint)?.Address);
        lock (_gate)
        {
            var open = _open.GetValueOrDefault(source);
            if (open >= max)
            {
                // Returning closes the connection; nothing of it was read.
                return;
            }

            _open[source] = open + 1;
        }

        try
        {
            await next(connection);
        }
        finally
        {
            lock (_gate)
            {
                if (--_open[source] == 0)
                {
                    _open.Remove(source);
                }
            }
        }
    };
}
