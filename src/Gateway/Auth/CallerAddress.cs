using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Wickr.Cluster.Gateway.Auth;

/// <summary>
/// The address a per-source limit counts a call against: the connection's, unless that is a trusted proxy
/// (<see cref="RegistrationOptions.KnownProxies"/>, <see cref="RegistrationOptions.KnownNetworks"/>), in which case the
/// last address of <c>X-Forwarded-For</c> that is not itself a trusted proxy. With no trusted proxy configured (the
/// default) the header is never read, so a client cannot name its own source.
/// </summary>
internal sealed class CallerAddress
{
    private readonly IPAddress[] _proxies;
    private readonly IPNetwork[] _networks;

    public CallerAddress(IOptions<GatewayOptions> options)
    {
        var registration = options.Value.Registration;
        _proxies = [.. registration.KnownProxies.Select(p => Normal(IPAddress.Parse(p)))];
        _networks = [.. registration.KnownNetworks.Select(n => IPNetwork.Parse(n))];
    }

    /// <summary>The source address of the call of <paramref name="context"/>.</summary>
    public IPAddress? Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress is { } remote ? Normal(remote) : null;
        if (address is null || !IsTrusted(address))
        {
            return address;
        }

        // Right to left: each trusted proxy appended the address it received the call from.
        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString()
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = forwarded.Length - 1; i >= 0; i--)
        {
            if (!IPAddress.TryParse(forwarded[i], out var hop))
            {
                return address;
            }

            address = Normal(hop);
            if (!IsTrusted(address))
            {
                return address;
            }
        }

        return address;
    }

    private bool IsTrusted(IPAddress address) =>
        _proxies.Contains(address) || _networks.Any(n => n.Contains(address));

    private static IPAddress Normal(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
