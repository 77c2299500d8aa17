using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Identity;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// A user's profile as a sender needs it (step 1 of "Sending a Message"): the root and every node whose chain
/// validates. Nodes the root did not sign are dropped here, so a server cannot slip in a device of its own.
/// </summary>
internal sealed class PeerProfile
{
    private readonly Dictionary<string, PeerNode> _byIdentifier;

    private PeerProfile(RootIdentity root, IReadOnlyList<PeerNode> nodes, DateTimeOffset fetchedAt)
    {
        Root = root;
        Nodes = nodes;
        FetchedAt = fetchedAt;
        _byIdentifier = nodes.ToDictionary(n => n.IdentifierHex, StringComparer.Ordinal);
    }

    public RootIdentity Root { get; }

    public IReadOnlyList<PeerNode> Nodes { get; }

    public DateTimeOffset FetchedAt { get; }

    public string RootIdentifierHex => Root.IdentifierHex;

    public PeerNode? Find(string nodeIdentifierHex) => _byIdentifier.GetValueOrDefault(nodeIdentifierHex);

    /// <summary>Reads a GetProfile answer for <paramref name="rootIdentifier"/>; throws Parse/Chain when the root itself is wrong.</summary>
    public static PeerProfile From(ICryptoSuite suite, ReadOnlySpan<byte> rootIdentifier, GetProfileResponse response, DateTimeOffset fetchedAt)
    {
        if (!response.RootIdentifier.Span.SequenceEqual(rootIdentifier))
        {
            throw new WickrException(WickrError.Chain, "the profile is of another user than the one asked for");
        }
        var root = new RootIdentity(rootIdentifier, suite.DecodePublicKey(response.RootPublicKey.Span));
        var nodes = new List<PeerNode>(response.Nodes.Count);
        foreach (var record in response.Nodes)
        {
            try
            {
                var node = new NodeIdentity(record.NodeIdentifier.Span, suite.DecodePublicKey(record.NodePublicKey.Span), record.NodeSignature.Span);
                var chain = new IdentityChain(root, node);
                chain.Validate(suite, root);
                if (record.DevId.Length != ProtocolSizes.DevId)
                {
                    continue;
                }
                nodes.Add(new PeerNode(chain, record.DevId.ToByteArray()));
            }
            catch (WickrException)
            {
                // Not signed by this root or malformed: not a device of this user.
            }
        }
        return new PeerProfile(root, nodes, fetchedAt);
    }
}
