using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Wickr.Cluster.Gateway.Auth;

/// <summary>
/// Registrations per source address under the Open policy: a fixed window per source (IPv4 address, IPv6 /64), in this
/// gateway's memory, with a bounded number of sources. Each gateway instance counts on its own.
/// </summary>
internal sealed class RegistrationSources(IOptions<GatewayOptions> options, [FromKeyedServices(GatewayClock.Key)] TimeProvider time)
{
    private readonly Dictionary<string, (DateTimeOffset WindowEnds, int Count)> _sources = [];
    private readonly Lock _gate = new();

    /// <summary>Counts one registration from <paramref name="address"/>; false with the wait when its window is full.</summary>
    public bool TryAdmit(IPAddress? address, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        var o = options.Value.Registration;
        if (address is not null && o.ExemptLoopback && IPAddress.IsLoopback(address))
        {
            return true;
        }

        var source = SourceAddress.Of(address);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_sources.TryGetValue(source, out var window) || window.WindowEnds <= now)
            {
                if (_sources.Count >= o.MaxTrackedSources)
                {
                    foreach (var stale in _sources.Where(s => s.Value.WindowEnds <= now).Select(s => s.Key).ToList())
                    {
                        _sources.Remove(stale);
                    }

                    if (_sources.Count >= o.MaxTrackedSources)
                    {
                        retryAfter = _sources.Values.Min(s => s.WindowEnds) - now;
                        return false;
                    }
                }

                window = (now + o.SourceWindow, 0);
            }

            if (window.Count >= o.MaxPerSource)
            {
                retryAfter = window.WindowEnds - now;
                return false;
            }

            _sources[source] = (window.WindowEnds, window.Count + 1);
            return true;
        }
    }
}
