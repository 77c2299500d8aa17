using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.ClientLib.Storage;

/// <summary>One device (node) of the user, as the server lists it.</summary>
/// <param name="NodeIdentifierHex">The node identifier.</param>
/// <param name="Fingerprint">The node key's fingerprint.</param>
/// <param name="IsThisDevice">True for the device asking.</param>
public sealed record DeviceInfo(string NodeIdentifierHex, Fingerprint Fingerprint, bool IsThisDevice)
{
    /// <summary>When this device first saw the device in its user's node list (the server keeps no such time); null for the devices it knew from the start.</summary>
    public DateTimeOffset? AddedAt { get; init; }

    /// <summary>True in the one listing that first saw the device: announce it ("new device … added at …").</summary>
    public bool IsNew { get; init; }
}
