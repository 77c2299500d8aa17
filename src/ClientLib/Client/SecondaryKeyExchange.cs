using Wickr.Cluster.ClientLib.Pools;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Enrollment;
using Wickr.Cluster.Protocol.EphemeralKeys;
using Wickr.Cluster.Protocol.Identity;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// Secondary key pools: every message this device sends hands each recipient node a few fresh one-time keys
/// (inside the encrypted body), and every send uses a key some contact handed over before it claims from the server.
/// </summary>
internal sealed class SecondaryKeyExchange(EnrolledDevice device, WickrClientOptions options) : IDisposable
{
    private SecondaryKeyPool? _own;
    private SecondaryKeyCache? _peers;
    private long _used;
    private long _redeemed;

    /// <summary>The private halves of the keys this device handed to contact devices.</summary>
    public SecondaryKeyPool Own => LazyInitializer.EnsureInitialized(
        ref _own, () => new SecondaryKeyPool(options.Suite, device.NodeKey, options.TimeProvider, options.SecondaryKeys));

    /// <summary>The keys contact devices handed to this device, per contact node.</summary>
    public SecondaryKeyCache Peers => LazyInitializer.EnsureInitialized(
        ref _peers, () => new SecondaryKeyCache(options.TimeProvider, options.SecondaryKeys));

    public long Used => Interlocked.Read(ref _used);

    public long Redeemed => Interlocked.Read(ref _redeemed);

    /// <summary>Before claiming: a handed-over key for each node that has one, checked against the node's chain and pinned root.</summary>
    public Dictionary<string, RecipientNode> Take(IReadOnlyDictionary<string, NodeTarget> targets)
    {
        var taken = new Dictionary<string, RecipientNode>(StringComparer.Ordinal);
        foreach (var (nodeHex, target) in targets)
        {
            while (Peers.TryTake(nodeHex) is { } key)
            {
                try
                {
                    taken[nodeHex] = target.Recipient(key, options.Suite);
                    Interlocked.Increment(ref _used);
                    break;
                }
                catch (WickrException)
                {
                    // The node's key changed since it handed this over: drop it and try the next.
                }
            }
        }
        return taken;
    }

    /// <summary>The message as sent: its body wrapped with fresh keys for (up to a cap of) the recipient nodes.</summary>
    public PlainMessage WithHandouts(PlainMessage message, IEnumerable<RecipientNode> recipients)
    {
        var handouts = new List<SecondaryKeyHandout>();
        foreach (var recipient in recipients.Take(options.SecondaryKeys.MaxHandoutNodesPerPacket))
        {
            var keys = Own.HandOut(recipient.Chain.Node.IdentifierHex);
            if (keys.Count > 0)
            {
                handouts.Add(new SecondaryKeyHandout(recipient.Chain.Node.Identifier, keys));
            }
        }
        var body = SecondaryKeyEnvelope.Wrap(message.Body, handouts);
        return ReferenceEquals(body, message.Body) ? message : message with { Body = body };
    }

    /// <summary>After decoding: keeps the keys handed to this node (each checked against the sender's node key), returns the body.</summary>
    public PlainMessage AcceptHandouts(PlainMessage message, IdentityChain sender)
    {
        var (body, handouts) = SecondaryKeyEnvelope.Unwrap(options.Suite, message.Body);
        foreach (var handout in handouts)
        {
            if (!handout.NodeIdentifier.AsSpan().SequenceEqual(device.Chain.Node.Identifier))
            {
                continue;
            }
            var valid = handout.Keys.Where(k => IsSignedBy(k, sender.Node.PublicKey));
            Peers.Add(sender.Node.IdentifierHex, valid);
        }
        return ReferenceEquals(body, message.Body) ? message : message with { Body = body };
    }

    /// <summary>The private keys a packet from <paramref name="senderNodeHex"/> may name: published or handed out to that node.</summary>
    public IEphemeralPrivateKeys PrivateKeysFor(EphemeralKeyPool pool, string senderNodeHex) => new PrivateKeyRouter(pool, Own, senderNodeHex);

    public void CountRedeemed(IEphemeralPrivateKeys keys)
    {
        if (keys is PrivateKeyRouter { UsedSecondary: true })
        {
            Interlocked.Increment(ref _redeemed);
        }
    }

    public void Dispose() => _own?.Dispose();

    private bool IsSignedBy(SignedEphemeralKey key, EcPublicKey nodeKey)
    {
        try
        {
            key.Validate(options.Suite, nodeKey);
            return true;
        }
        catch (WickrException)
        {
            return false;
        }
    }
}
