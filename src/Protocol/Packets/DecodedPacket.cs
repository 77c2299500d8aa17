using Wickr.Cluster.Protocol.Identity;
using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.Protocol.Packets;

/// <summary>A packet that verified and decrypted.</summary>
/// <param name="Version">The packet's format version (2, 3 or 4).</param>
/// <param name="Message">Metadata and body.</param>
/// <param name="Sender">The sender's validated chain.</param>
/// <param name="EphemeralKeyId">Which of this device's ephemeral keys it was encrypted to (now deleted unless last-resort).</param>
/// <param name="SenderPin">Whether the sender's root is the one pinned for that user.</param>
public sealed record DecodedPacket(byte Version, PlainMessage Message, IdentityChain Sender, ulong EphemeralKeyId, PinStatus SenderPin)
{
    /// <summary>True when the sender's root matches the pinned root (or was pinned now, on first contact).</summary>
    public bool SenderAuthenticated => SenderPin != PinStatus.Mismatch;
}
