using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Enrollment;
using Wickr.Cluster.Protocol.Identity;
using Wickr.Cluster.Protocol.Packets;
using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// The paper's "Receiving a Message" for one mailbox packet: the sending node found in its user's profile (fetched
/// again for a device added since), the packet decoded with this node's private keys (which deletes the one-time key
/// it names), and the secondary keys it hands to this node kept.
/// </summary>
internal sealed class PacketOpener(
    EnrolledDevice device, WickrClientOptions options, ProfileCache profiles, TrustStore trust, EphemeralPoolKeeper pool, SecondaryKeyExchange secondaryKeys)
{
    private readonly PacketDecoder _decoder = new(options.Suite);

    /// <summary>The message and the id of the ephemeral key it was decrypted with; throws <see cref="WickrException"/> when it cannot be.</summary>
    public async Task<(ReceivedMessage Message, ulong KeyId)> OpenAsync(InboundPacket packet, CancellationToken cancellationToken)
    {
        var rootIdentifier = packet.SenderRootIdentifier.ToByteArray();
        if (RootId.Problem(rootIdentifier.Length) is not null)
        {
            throw new WickrException(WickrError.Chain, "the packet names no valid sending user");
        }
        if (!NodeId.TryFrom(packet.SenderNodeIdentifier.Span, out var senderNode))
        {
            throw new WickrException(WickrError.Chain, "the packet names no valid sending node");
        }
        var nodeHex = senderNode.ToString();
        var profile = await profiles.GetAsync(rootIdentifier, refresh: false, cancellationToken);
        var sender = profile.Find(nodeHex);
        if (sender is null)
        {
            // A device added since the profile was fetched.
            profile = await profiles.GetAsync(rootIdentifier, refresh: true, cancellationToken);
            sender = profile.Find(nodeHex) ?? throw new WickrException(WickrError.Chain, "the sending node is not a device of the sending user");
        }
        var keys = pool.Pool ?? throw new WickrException(WickrError.UnknownKeyId, "this device holds no ephemeral keys");
        var lastResortKeyId = keys.LastResortKeyId;
        var privateKeys = secondaryKeys.PrivateKeysFor(keys, nodeHex);
        var decoded = _decoder.Decode(packet.Packet.Span, sender.Chain, device.LocalNode, privateKeys, trust);
        secondaryKeys.CountRedeemed(privateKeys);
        return (new ReceivedMessage(
            packet.Sequence,
            packet.MessageId,
            profile.RootIdentifierHex,
            nodeHex,
            secondaryKeys.AcceptHandouts(decoded.Message, sender.Chain),
            options.TimeProvider.GetUtcNow(),
            decoded.SenderPin,
            decoded.EphemeralKeyId == lastResortKeyId), decoded.EphemeralKeyId);
    }
}
