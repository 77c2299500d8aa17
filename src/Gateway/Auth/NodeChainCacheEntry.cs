using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Gateway.Auth;

/// <summary>
/// A cached node chain with what every request of that node needs from it, computed once: the fingerprint tokens carry
/// of its node key, and the node key decoded for signature checks. The key is shared by concurrent requests and never
/// disposed here (an entry may be dropped while a request still verifies with it); its native handle is released by its
/// finalizer once nothing refers to it.
/// </summary>
/// <param name="Chain">The node's identity chain as its grain returned it.</param>
/// <param name="NodeKeyFingerprint">The token fingerprint of the node public key.</param>
/// <param name="NodeKey">The node public key, decoded and checked to lie on the curve.</param>
internal sealed record NodeChainCacheEntry(NodeChain Chain, byte[] NodeKeyFingerprint, EcPublicKey NodeKey)
{
    /// <summary>Builds the entry of a chain its node grain returned.</summary>
    public static NodeChainCacheEntry For(NodeChain chain) =>
        new(chain, DeviceTokens.Fingerprint(chain.Node.NodePublicKey), EcPublicKey.Decode(chain.Node.NodePublicKey));
}
