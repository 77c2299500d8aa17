using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.EphemeralKeys;

namespace Wickr.Cluster.ClientLib.Pools;

/// <summary>
/// The decoder's view of both pools for a packet from <paramref name="senderNodeHex"/>: a key id in the secondary
/// space goes to the secondary pool (and counts only if it was handed to that sender), any other to the published pool.
/// </summary>
internal sealed class PrivateKeyRouter(IEphemeralPrivateKeys published, SecondaryKeyPool secondary, string senderNodeHex) : IEphemeralPrivateKeys
{
    /// <summary>Set when the last key found was a secondary one.</summary>
    public bool UsedSecondary { get; private set; }

    public EcKeyPair? Find(ulong keyId)
    {
        UsedSecondary = SecondaryKeyPool.IsSecondaryId(keyId);
        return UsedSecondary ? secondary.FindFor(keyId, senderNodeHex) : published.Find(keyId);
    }

    public void MarkUsed(ulong keyId)
    {
        if (SecondaryKeyPool.IsSecondaryId(keyId))
        {
            secondary.MarkUsed(keyId);
        }
        else
        {
            published.MarkUsed(keyId);
        }
    }
}
