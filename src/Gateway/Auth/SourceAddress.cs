using System.Net;

namespace Wickr.Cluster.Gateway.Auth;

/// <summary>The source a caller is counted under: its IPv4 address, or its IPv6 /64 (one subscriber usually holds a whole /64).</summary>
internal static class SourceAddress
{
    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? Convert.ToHexStringLower(address.GetAddressBytes(), 0, 8) + "/64"
            : address.ToString();
    }
}
