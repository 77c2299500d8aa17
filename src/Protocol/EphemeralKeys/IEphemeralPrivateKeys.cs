using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Protocol.EphemeralKeys;

/// <summary>The device's private halves of its ephemeral keys, as the packet decoder needs them.</summary>
public interface IEphemeralPrivateKeys
{
    /// <summary>The private key with id <paramref name="keyId"/>, or null when it was never issued or is already used.</summary>
    EcKeyPair? Find(ulong keyId);

    /// <summary>
    /// Called once a packet was decrypted with <paramref name="keyId"/>: a one-time key is deleted (forward secrecy),
    /// a last-resort key is kept.
    /// </summary>
    void MarkUsed(ulong keyId);
}
