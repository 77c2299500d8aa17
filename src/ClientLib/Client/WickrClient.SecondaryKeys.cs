using Wickr.Cluster.ClientLib.Identity;
using Wickr.Cluster.ClientLib.Packets;
using Wickr.Cluster.ClientLib.Pools;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// Secondary key pools: every message this device sends hands each recipient node a few fresh one-time keys
/// (inside the encrypted body), and every send uses a key some contact handed over before it claims from the server.
/// </summary>
public sealed partial class WickrClient
{
    private SecondaryKeyPool? _ownSecondaryKeys;
    private SecondaryKeyCache? _peerSecondaryKeys;
    private long _secondaryKeysUsed;
    private long _secondaryKeysRedeemed;

    /// <summary>The private halves of the keys this device handed to contact devices (for a device store to persist).</summary>
    public SecondaryKeyPool OwnSecondaryKeys => LazyInitializer.EnsureInitialized(
        ref _ownSecondaryKeys, () => new SecondaryKeyPool(_options.Suite, Device.NodeKey, _options.TimeProvider, _options.SecondaryKeys));

    /// <summary>The keys contact devices handed to this device, per contact node (for a device store to persist).</summary>
    public SecondaryKeyCache PeerSecondaryKeys => LazyInitializer.EnsureInitialized(
        ref _peerSecondaryKeys, () => new SecondaryKeyCache(_options.TimeProvider, _options.SecondaryKeys));

    /// <summary>How many recipient nodes this device encrypted to with a handed-over key instead of a claimed one.</summary>
    public long SecondaryKeysUsed => Interlocked.Read(ref _secondaryKeysUsed);

    /// <summary>How many received packets were decrypted with one of this device's handed-out keys.</summary>
    public long SecondaryKeysRedeemed => Interlocked.Read(ref _secondaryKeysRedeemed);

    // Before claiming: a handed-over key for each node that has one, checked against the node's chain and pinned root.
    private Dictionary<string, RecipientNode> TakeSecondaryKeys(IReadOnlyDictionary<string, (PeerProfile Profile, PeerNode Node)> targets)
    {
        var taken = new Dictionary<string, RecipientNode>(StringComparer.Ordinal);
        foreach (var (nodeHex, target) in targets)
        {
            while (PeerSecondaryKeys.TryTake(nodeHex) is { } key)
            {
                try
                {
                    var recipient = new RecipientNode(target.Node.Chain, target.Node.DevId, key);
                    recipient.Validate(_options.Suite, target.Profile.Root);
                    taken[nodeHex] = recipient;
                    Interlocked.Increment(ref _secondaryKeysUsed);
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

    // The message as sent: its body wrapped with fresh keys for (up to a cap of) the recipient nodes.
    private PlainMessage WithHandouts(PlainMessage message, IEnumerable<RecipientNode> recipients)
    {
        var handouts = new List<SecondaryKeyHandout>();
        foreach (var recipient in recipients.Take(_options.SecondaryKeys.MaxHandoutNodesPerPacket))
        {
            var keys = OwnSecondaryKeys.HandOut(recipient.Chain.Node.IdentifierHex);
            if (keys.Count > 0)
            {
                handouts.Add(new SecondaryKeyHandout(recipient.Chain.Node.Identifier, keys));
            }
        }

        var body = SecondaryKeyEnvelope.Wrap(message.Body, handouts);
        return ReferenceEquals(body, message.Body) ? message : message with { Body = body };
    }

    // After decoding: keep the keys handed to this node (each checked against the sender's node key), return the body.
    private PlainMessage AcceptHandouts(PlainMessage message, IdentityChain sender)
    {
        var (body, handouts) = SecondaryKeyEnvelope.Unwrap(_options.Suite, message.Body);
        foreach (var handout in handouts)
        {
            if (!handout.NodeIdentifier.AsSpan().SequenceEqual(Device.Chain.Node.Identifier))
            {
                continue;
            }

            var valid = handout.Keys.Where(k => IsSignedBy(k, sender.Node.PublicKey));
            PeerSecondaryKeys.Add(sender.Node.IdentifierHex, valid);
        }

        return ReferenceEquals(body, message.Body) ? message : message with { Body = body };
    }

    private IEphemeralPrivateKeys PrivateKeysFor(EphemeralKeyPool pool, string senderNodeHex) => new PrivateKeyRouter(pool, OwnSecondaryKeys, senderNodeHex);

    private void CountRedeemed(IEphemeralPrivateKeys keys)
    {
        if (keys is PrivateKeyRouter { UsedSecondary: true })
        {
            Interlocked.Increment(ref _secondaryKeysRedeemed);
        }
    }

    private bool IsSignedBy(SignedEphemeralKey key, Crypto.EcPublicKey nodeKey)
    {
        try
        {
            key.Validate(_options.Suite, nodeKey);
            return true;
        }
        catch (WickrException)
        {
            return false;
        }
    }
}
