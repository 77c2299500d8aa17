using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Wickr.Cluster.Gateway.Auth;

/// <summary>
/// Registrations per source address under the Open policy: a fixed window per source (IPv4 address, IPv6 /64, and
/// for IPv6 also its /56 and /48, which hold many /64s), in this gateway's memory, with a bounded number of sources
/// (the oldest is dropped when full, so a new source is always admitted). Each gateway instance counts on its own.
/// </summary>
internal sealed class RegistrationSources(IOptions<GatewayOptions> options, [FromKeyedServices(GatewayClock.Key)] TimeProvider time)
{
    private readonly SourceWindows _windows = new(options.Value.Registration.MaxTrackedSources);

    /// <summary>Sources (and IPv6 prefixes) tracked now.</summary>
    public int Tracked => _windows.Count;

    /// <summary>Counts one registration from <paramref name="address"/>; false with the wait when a window of it is full.</summary>
    public bool TryAdmit(IPAddress? address, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        var o = options.Value.Registration;
        if (address is not null && o.ExemptLoopback && IPAddress.IsLoopback(address))
        {
            return true;
        }

        List<(string, int)> limits = [(SourceAddress.Key(address), o.MaxPerSource)];
        if (SourceAddress.IsIPv6(address))
        {
            limits.Add((SourceAddress.Key(address, 56), o.MaxPerIPv6Prefix56));
            limits.Add((SourceAddress.Key(address, 48), o.MaxPerIPv6Prefix48));
        }

        return _windows.TryCount(limits, time.GetUtcNow(), o.SourceWindow, out retryAfter);
    }
}
