using System.Net;
using System.Net.Sockets;

namespace Wickr.Cluster.Gateway.Auth;

/// <summary>
/// Who a caller is, as far as limits per source go: an IPv4 address, or an IPv6 prefix (one subscriber usually holds a
/// whole /64, a site a /56 or a /48). IPv4-mapped IPv6 addresses count as IPv4.
/// </summary>
internal static class SourceAddress
{
    /// <summary>The source key of <paramref name="address"/>: the IPv4 address, or its IPv6 /<paramref name="prefixBits"/>.</summary>
    public static string Key(IPAddress? address, int prefixBits = 64)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        var whole = prefixBits / 8;
        var key = Convert.ToHexStringLower(bytes, 0, whole);
        if (prefixBits % 8 != 0)
        {
            key += Convert.ToHexStringLower([(byte)(bytes[whole] & (0xFF << (8 - (prefixBits % 8))))]);
        }

        return $"{key}/{prefixBits}";
    }

    /// <summary>Whether <paramref name="address"/> is an IPv6 address (not IPv4-mapped), which has prefixes above its /64.</summary>
    public static bool IsIPv6(IPAddress? address) =>
        address is { AddressFamily: AddressFamily.InterNetworkV6, IsIPv4MappedToIPv6: false };
}
