using Wickr.Cluster.Contracts;

namespace Wickr.Cluster.Gateway.Auth;

/// <summary>A cached node chain with the fingerprint tokens carry of its node key (computed once).</summary>
/// <param name="Chain">The node's identity chain as its grain returned it.</param>
/// <param name="NodeKeyFingerprint">The token fingerprint of the node public key.</param>
internal sealed record NodeChainCacheEntry(NodeChain Chain, byte[] NodeKeyFingerprint);
