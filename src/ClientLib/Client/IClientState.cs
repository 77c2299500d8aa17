using Wickr.Cluster.Protocol.EphemeralKeys;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// Where a <see cref="WickrClient"/> keeps what must outlive a crash: the private halves of the ephemeral keys it
/// publishes (written before the upload), and each received message together with its replay keys and the deletion
/// of the one-time key it used (one step, before the acknowledgement). The messages kept are read back through
/// <see cref="IMessageStore"/>. <see cref="MemoryClientState"/> keeps it in memory; the device store keeps it on
/// disk, encrypted.
/// </summary>
public interface IClientState : IMessageStore
{
    /// <summary>
    /// Called after <paramref name="pool"/> made the keys <paramref name="keyIds"/> and before they are uploaded; a
    /// new last-resort key replaces the previous one.
    /// </summary>
    void EphemeralKeysIssued(EphemeralKeyPool pool, IReadOnlyList<ulong> keyIds, bool lastResort);

    /// <summary>Called when issued keys were never published (the upload failed) and are dropped.</summary>
    void EphemeralKeysDropped(IReadOnlyList<ulong> keyIds);

    /// <summary>
    /// Called once a packet decrypted with the key <paramref name="ephemeralKeyId"/> (deleted unless it is the
    /// last-resort key). Returns true when it is new and is now kept in the message store (a message whose mailbox
    /// sequence is held already is not replaced); false when it is a replay: the same signed
    /// packet (<paramref name="signedPacketDigest"/>, which the sender's signature covers) or the same message id
    /// from the same sender node was handed over before.
    /// </summary>
    bool Accept(ReceivedMessage message, ReadOnlySpan<byte> signedPacketDigest, ulong ephemeralKeyId, bool lastResort);
}
