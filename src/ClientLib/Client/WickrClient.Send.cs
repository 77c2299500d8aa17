using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.ClientLib.Identity;
using Wickr.Cluster.ClientLib.Packets;
using Wickr.Cluster.ClientLib.Trust;
using Wickr.Cluster.Protocol.V1;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>Sending: the paper's "Sending a Message" against the gateway.</summary>
public sealed partial class WickrClient
{
    /// <summary>Sends <paramref name="message"/> to one user (every device) and to this user's other devices.</summary>
    public Task<SendResult> SendAsync(byte[] recipientRootIdentifier, PlainMessage message, string? messageId = null, CancellationToken cancellationToken = default)
        => SendAsync([recipientRootIdentifier], message, messageId, cancellationToken);

    /// <summary>
    /// Sends <paramref name="message"/> to every device of every user in <paramref name="recipientRootIdentifiers"/> and
    /// to this user's other devices: fetches the profiles, claims one ephemeral key per node, validates every chain
    /// against the pinned root, encodes one packet and queues it for all nodes. A send under the same
    /// <paramref name="messageId"/> is stored once per node, so retrying a failed call is safe. Throws
    /// <see cref="WickrException"/> (Chain) when a user presents another root than the one pinned, and
    /// <see cref="WickrClientException"/> when the gateway refuses a call as a whole.
    /// </summary>
    public async Task<SendResult> SendAsync(
        IReadOnlyCollection<byte[]> recipientRootIdentifiers, PlainMessage message, string? messageId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipientRootIdentifiers);
        ArgumentNullException.ThrowIfNull(message);
        if (recipientRootIdentifiers.Count == 0)
        {
            throw new WickrException(WickrError.InvalidArgument, "a send needs at least one recipient user");
        }
        messageId ??= MessageIds.New();
        MessageIds.Validate(messageId);

        var users = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [RootIdentifierHex] = Device.Chain.Root.Identifier };
        foreach (var root in recipientRootIdentifiers)
        {
            users.TryAdd(Convert.ToHexStringLower(root), root);
        }

        // Steps 1-3: profiles, the union of their nodes (minus this one), one claimed key per node.
        var targets = await ResolveTargetsAsync(users, refresh: false, cancellationToken);
        var handedOver = TakeSecondaryKeys(targets);
        var claims = await ClaimAsync(targets.Keys.Where(n => !handedOver.ContainsKey(n)), cancellationToken);
        var gone = claims.Values.Where(c => c.ErrorCode == (int)StatusCode.NotFound).Select(c => targets[Hex(c.NodeIdentifier)].Profile.RootIdentifierHex).ToHashSet();
        if (gone.Count > 0)
        {
            // A node vanished: the user's node set changed, so fetch it again; claim for nodes not seen before.
            var refreshed = await ResolveTargetsAsync(users.Where(u => gone.Contains(u.Key)).ToDictionary(), refresh: true, cancellationToken);
            foreach (var node in targets.Where(t => gone.Contains(t.Value.Profile.RootIdentifierHex)).Select(t => t.Key).ToList())
            {
                if (!refreshed.ContainsKey(node))
                {
                    targets.Remove(node);
                    claims.Remove(node);
                }
            }
            var added = refreshed.Keys.Where(n => !targets.ContainsKey(n)).ToList();
            foreach (var node in added)
            {
                targets[node] = refreshed[node];
            }
            foreach (var (node, claim) in await ClaimAsync(added, cancellationToken))
            {
                claims[node] = claim;
            }
        }

        // Step 4: validate every chain up to the pinned root; a node that fails gets nothing.
        var deliveries = new Dictionary<string, NodeDelivery>(StringComparer.Ordinal);
        var recipients = new List<(RecipientNode Node, RootIdentity ExpectedRoot)>();
        foreach (var (nodeHex, target) in targets)
        {
            var rootHex = target.Profile.RootIdentifierHex;
            if (handedOver.TryGetValue(nodeHex, out var secondary))
            {
                recipients.Add((secondary, target.Profile.Root));
                deliveries[nodeHex] = new NodeDelivery(rootHex, nodeHex, DeliveryState.Queued, false, StatusCode.OK, string.Empty);
                continue;
            }
            if (!claims.TryGetValue(nodeHex, out var claim) || claim.Key is null)
            {
                deliveries[nodeHex] = new NodeDelivery(rootHex, nodeHex, DeliveryState.KeyUnavailable, false,
                    claim is null ? StatusCode.Internal : (StatusCode)claim.ErrorCode, claim?.ErrorMessage ?? "the gateway returned no key for the node");
                continue;
            }
            try
            {
                var key = new SignedEphemeralKey(claim.Key.KeyId, _options.Suite.DecodePublicKey(claim.Key.PublicKey.Span), claim.Key.Signature.Span);
                var recipient = new RecipientNode(target.Node.Chain, target.Node.DevId, key);
                recipient.Validate(_options.Suite, target.Profile.Root);
                recipients.Add((recipient, target.Profile.Root));
                deliveries[nodeHex] = new NodeDelivery(rootHex, nodeHex, DeliveryState.Queued, claim.LastResort, StatusCode.OK, string.Empty);
            }
            catch (WickrException ex)
            {
                deliveries[nodeHex] = new NodeDelivery(rootHex, nodeHex, DeliveryState.KeyRejected, claim.LastResort, StatusCode.OK, ex.Message);
            }
        }
        if (recipients.Count == 0)
        {
            return new SendResult(messageId, [.. deliveries.Values]);
        }

        // Encode once for all nodes, then queue it everywhere under one message id.
        var packet = ByteString.CopyFrom(_encoder.Encode(Device.Sender, recipients, WithHandouts(message, recipients.Select(r => r.Node))));
        foreach (var chunk in recipients.Select(r => r.Node.Chain.Node.Identifier).Chunk(_options.NodesPerRequest))
        {
            var request = new SendPacketRequest { MessageId = messageId, Packet = packet };
            request.RecipientNodeIdentifiers.AddRange(chunk.Select(ByteString.CopyFrom));
            var reply = await SendWithRetriesAsync(request, cancellationToken);
            foreach (var delivery in reply.Deliveries)
            {
                var nodeHex = Hex(delivery.NodeIdentifier);
                if (deliveries.TryGetValue(nodeHex, out var planned))
                {
                    deliveries[nodeHex] = delivery.ErrorCode == 0
                        ? planned with { State = delivery.Duplicate ? DeliveryState.Duplicate : DeliveryState.Queued }
                        : planned with { State = DeliveryState.Refused, Status = (StatusCode)delivery.ErrorCode, Detail = delivery.ErrorMessage };
                }
            }
        }
        return new SendResult(messageId, [.. deliveries.Values]);
    }

    private async Task<Dictionary<string, (PeerProfile Profile, PeerNode Node)>> ResolveTargetsAsync(
        IReadOnlyDictionary<string, byte[]> users, bool refresh, CancellationToken cancellationToken)
    {
        var targets = new Dictionary<string, (PeerProfile, PeerNode)>(StringComparer.Ordinal);
        foreach (var (rootHex, root) in users)
        {
            var profile = await _profiles.GetAsync(root, refresh, cancellationToken);
            // Step 4c: PKr is the expected user's root, i.e. the one pinned on first contact.
            if (Trust.Check(profile.Root) == PinStatus.Mismatch)
            {
                throw new WickrException(WickrError.Chain, $"user {rootHex} presents a root key other than the pinned one");
            }
            foreach (var node in profile.Nodes)
            {
                if (node.IdentifierHex != NodeIdentifierHex)
                {
                    targets[node.IdentifierHex] = (profile, node);
                }
            }
        }
        return targets;
    }

    private async Task<Dictionary<string, ClaimedKey>> ClaimAsync(IEnumerable<string> nodes, CancellationToken cancellationToken)
    {
        var claims = new Dictionary<string, ClaimedKey>(StringComparer.Ordinal);
        foreach (var chunk in nodes.Chunk(_options.NodesPerRequest))
        {
            var request = new ClaimKeysRequest();
            request.NodeIdentifiers.AddRange(chunk.Select(n => ByteString.CopyFrom(Convert.FromHexString(n))));
            var reply = await CallAsync(o => _keys.ClaimKeysAsync(request, o), cancellationToken);
            foreach (var claim in reply.Keys)
            {
                claims[Hex(claim.NodeIdentifier)] = claim;
            }
        }
        return claims;
    }

    private async Task<SendPacketResponse> SendWithRetriesAsync(SendPacketRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await CallAsync(o => _messages.SendPacketAsync(request, o), cancellationToken);
            }
            catch (WickrClientException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded && attempt < _options.SendRetries)
            {
                // Same message id and packet: the gateway stores it once per node however often it arrives.
                await Task.Delay(_options.RetryDelay, _options.TimeProvider, cancellationToken);
            }
        }
    }

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);
}
