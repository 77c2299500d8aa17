using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.ClientLib.Storage;

/// <summary>One device (node) of the user, as the server lists it.</summary>
/// <param name="NodeIdentifierHex">The node identifier.</param>
/// <param name="Fingerprint">The node key's fingerprint.</param>
/// <param name="IsThisDevice">True for the device asking.</param>
public sealed record DeviceInfo(string NodeIdentifierHex, Fingerprint Fingerprint, bool IsThisDevice);
