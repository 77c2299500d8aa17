using Wickr.Cluster.Protocol.Packets;
using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>A packet that arrived at this device and decrypted.</summary>
/// <param name="Sequence">Its place in this device's mailbox; the local store names messages by it.</param>
/// <param name="MessageId">The id the sender chose (the same on every device it was sent to).</param>
/// <param name="SenderRootIdentifierHex">The sending user's root identifier, lowercase hex.</param>
/// <param name="SenderNodeIdentifierHex">The sending node's identifier, lowercase hex.</param>
/// <param name="Message">Metadata (time to live, burn-on-read, channel tag, content type) and body.</param>
/// <param name="ReceivedAt">When this device decrypted it; the time to live counts from here unless the body carries an earlier signed send time (<see cref="TextBody"/>, <see cref="FileBody"/>).</param>
/// <param name="SenderPin">How the sender's root compares with the root pinned for that user.</param>
/// <param name="ViaLastResortKey">True when the sender had to use this device's last-resort key (its pool was empty).</param>
public sealed record ReceivedMessage(
    long Sequence,
    string MessageId,
    string SenderRootIdentifierHex,
    string SenderNodeIdentifierHex,
    PlainMessage Message,
    DateTimeOffset ReceivedAt,
    PinStatus SenderPin,
    bool ViaLastResortKey)
{
    /// <summary>False when the sender presents another root than the one pinned for the user: not authenticated.</summary>
    public bool SenderAuthenticated => SenderPin != PinStatus.Mismatch;
}
