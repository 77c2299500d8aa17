using Wickr.Cluster.Protocol.Identity;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>One node of a user as its profile lists it: the validated chain and the node's dev_id.</summary>
internal sealed record PeerNode(IdentityChain Chain, byte[] DevId)
{
    public string IdentifierHex => Chain.Node.IdentifierHex;
}
