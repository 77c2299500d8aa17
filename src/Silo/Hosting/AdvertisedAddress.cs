using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Wickr.Cluster.Silo.Hosting;

/// <summary>Chooses the address a silo announces to the cluster.</summary>
internal static class AdvertisedAddress
{
    /// <summary>The configured address, else the first IPv4 address of an interface that is up and not loopback, else loopback.</summary>
    public static IPAddress Resolve(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return IPAddress.Parse(configured);
        }

        return NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus == OperationalStatus.Up && nic.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .FirstOrDefault(address => address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address))
            ?? IPAddress.Loopback;
    }
}
