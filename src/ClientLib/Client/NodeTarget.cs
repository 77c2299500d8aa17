using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Identity;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>One recipient node of a send and the profile of the user it belongs to.</summary>
internal readonly record struct NodeTarget(PeerProfile Profile, PeerNode Node)
{
    /// <summary>
    /// The node as a recipient under <paramref name="key"/>, its chain validated up to the pinned root
    /// (step 4 of "Sending a Message"); throws <see cref="WickrException"/> when it does not validate.
    /// </summary>
    public RecipientNode Recipient(SignedEphemeralKey key, ICryptoSuite suite)
    {
        var recipient = new RecipientNode(Node.Chain, Node.DevId, key);
        recipient.Validate(suite, Profile.Root);
        return recipient;
    }
}
