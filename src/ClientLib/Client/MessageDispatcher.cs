using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Enrollment;
using Wickr.Cluster.Protocol.Identity;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// Sends one message to every recipient node, the paper's "Sending a Message" against the gateway (the identity it
/// signs with is <see cref="PacketSender"/>): recipient nodes and their keys (handed over or claimed),
/// every chain validated against the pinned root, one packet encoded for all nodes and queued for each under one
/// message id, retried while the gateway is unavailable.
/// </summary>
internal sealed class MessageDispatcher(
    GatewayCalls gateway, EnrolledDevice device, WickrClientOptions options, KeyClaimer claimer, SecondaryKeyExchange secondaryKeys)
{
    private readonly PacketEncoder _encoder = new(options.Suite);

    public async Task<SendResult> SendAsync(
        IReadOnlyCollection<byte[]> recipientRootIdentifiers, PlainMessage message, string? messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipientRootIdentifiers);
        ArgumentNullException.ThrowIfNull(message);
        var users = claimer.UsersOf(recipientRootIdentifiers, "send");
        messageId = messageId is null ? MessageId.New().Value : MessageId.Parse(messageId).Value;

        // Steps 1-3: profiles, the union of their nodes (minus this one), a handed-over or claimed key per node.
        var targets = await claimer.ResolveAsync(users, refresh: false, cancellationToken);
        var handedOver = secondaryKeys.Take(targets);
        var claims = await claimer.ClaimForSendAsync(users, targets, [.. targets.Keys.Where(n => !handedOver.ContainsKey(n))], cancellationToken);

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
                var key = new SignedEphemeralKey(claim.Key.KeyId, options.Suite.DecodePublicKey(claim.Key.PublicKey.Span), claim.Key.Signature.Span);
                recipients.Add((target.Recipient(key, options.Suite), target.Profile.Root));
                deliveries[nodeHex] = new NodeDelivery(rootHex, nodeHex, DeliveryState.Queued, claim.LastResort, StatusCode.OK, string.Empty);
            }
            catch (WickrException ex)
            {
                deliveries[nodeHex] = new NodeDelivery(rootHex, nodeHex, DeliveryState.KeyRejected, claim.LastResort, StatusCode.OK, ex.Message);
            }
        }
        // One packet for every node; beyond one packet's recipient limit, as few packets as needed (balanced), all
        // under the same message id, so a device named in two of them (never, as the split is by node) keeps one.
        var replies = await QueueAsync(messageId, Split(recipients, options.RecipientsPerPacket), message, cancellationToken);
        foreach (var delivery in replies.SelectMany(r => r))
        {
            var nodeHex = Convert.ToHexStringLower(delivery.NodeIdentifier.Span);
            if (deliveries.TryGetValue(nodeHex, out var planned))
            {
                deliveries[nodeHex] = delivery.ErrorCode == 0
                    ? planned with { State = delivery.Duplicate ? DeliveryState.Duplicate : DeliveryState.Queued }
                    : planned with { State = DeliveryState.Refused, Status = (StatusCode)delivery.ErrorCode, Detail = delivery.ErrorMessage };
            }
        }
        return new SendResult(messageId, [.. deliveries.Values]);
    }

    /// <summary>
    /// <paramref name="items"/> in the fewest parts of at most <paramref name="limit"/>, their sizes differing by at most
    /// one (1,001 nodes under 500 go as 334 + 334 + 333, not 500 + 500 + 1); none when there are no items.
    /// </summary>
    internal static List<T[]> Split<T>(IReadOnlyList<T> items, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var parts = new List<T[]>();
        if (items.Count == 0)
        {
            return parts;
        }
        var count = (items.Count + limit - 1) / limit;
        var start = 0;
        for (var i = 0; i < count; i++)
        {
            var size = (items.Count - start) / (count - i) + ((items.Count - start) % (count - i) > 0 ? 1 : 0);
            parts.Add([.. items.Skip(start).Take(size)]);
            start += size;
        }
        return parts;
    }

    // Steps 5-6: each packet queued everywhere under one message id; each node's delivery says what the gateway did.
    // A packet's requests go out while the next packet is encoded, and wait for the cluster side by side with the
    // other packets' (a retry under the same message id is stored once per node, so a failure leaves nothing to undo).
    private Task<List<IEnumerable<Delivery>>> QueueAsync(
        string messageId, List<(RecipientNode Node, RootIdentity ExpectedRoot)[]> parts, PlainMessage message, CancellationToken cancellationToken) =>
        CallsInFlight.RunAsync(Requests(messageId, parts, message, cancellationToken), options.SendRequestsInFlight, cancellationToken);

    private IEnumerable<Func<Task<IEnumerable<Delivery>>>> Requests(
        string messageId, List<(RecipientNode Node, RootIdentity ExpectedRoot)[]> parts, PlainMessage message, CancellationToken cancellationToken)
    {
        foreach (var part in parts)
        {
            var packet = ByteString.CopyFrom(_encoder.Encode(device.Sender, part, secondaryKeys.WithHandouts(message, part.Select(r => r.Node))));
            foreach (var chunk in part.Select(r => r.Node.Chain.Node.Identifier).Chunk(options.NodesPerRequest))
            {
                IReadOnlyCollection<ByteString> nodes = [.. chunk.Select(ByteString.CopyFrom)];
                yield return () => SendToEveryNodeAsync(messageId, packet, nodes, cancellationToken);
            }
        }
    }

    // Nodes whose grain could not be reached (a silo restarting, a grain moving) get the same packet again; a node that
    // did store it the first time answers Duplicate, never a second copy.
    private async Task<IEnumerable<Delivery>> SendToEveryNodeAsync(string messageId, ByteString packet, IReadOnlyCollection<ByteString> nodes, CancellationToken cancellationToken) =>
        await NodeRetries.AskAsync(nodes, async asked =>
        {
            var request = new SendPacketRequest { MessageId = messageId, Packet = packet };
            request.RecipientNodeIdentifiers.AddRange(asked);
            return (await SendWithRetriesAsync(request, cancellationToken)).Deliveries.AsEnumerable();
        }, delivery => GatewayCalls.IsTransient((StatusCode)delivery.ErrorCode) ? delivery.NodeIdentifier : null, options, cancellationToken);

    private async Task<SendPacketResponse> SendWithRetriesAsync(SendPacketRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await gateway.CallAsync(o => gateway.Messages.SendPacketAsync(request, o), cancellationToken);
            }
            catch (WickrClientException ex) when (GatewayCalls.IsTransient(ex.StatusCode) && attempt < options.SendRetries)
            {
                // Same message id and packet: the gateway stores it once per node however often it arrives.
                await Task.Delay(options.RetryDelay, options.TimeProvider, cancellationToken);
            }
        }
    }
}
