using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Auth;
using Wickr.Cluster.Gateway.Errors;
using Wickr.Cluster.Gateway.Messages;
using Wickr.Cluster.Gateway.Metrics;
using Wickr.Cluster.Gateway.Validation;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.Gateway.Services;

/// <summary>Messages: send to nodes, receive live (Subscribe) or from the backlog (FetchPackets), acknowledge to delete.</summary>
internal sealed partial class MessagesService(
    IGrainFactory grains,
    DeviceAuthenticator authenticator,
    IOptions<GatewayOptions> options,
    GatewayMetrics metrics,
    [FromKeyedServices(GatewayClock.Key)] TimeProvider time,
    ILogger<MessagesService> logger,
    NodeStreams streams,
    RetiredDoorbells retired,
    SendAdmission admission,
    IHostApplicationLifetime lifetime) : Api.V1.Messages.MessagesBase
{
    /// <summary>What a stream ended by the gateway's shutdown says; the client reconnects on UNAVAILABLE.</summary>
    internal const string ShuttingDown = "The gateway is shutting down; reconnect to continue from the last sequence.";

    public override async Task<SendPacketResponse> SendPacket(SendPacketRequest request, ServerCallContext context)
    {
        var caller = await authenticator.AuthenticateAsync(context);

        // Decided before the packet is looked at: a send the node's sender grain has refused costs no signature check and
        // no trip to the silo. A request that passes the checks below names exactly these recipients and bytes.
        var named = request.RecipientNodeIdentifiers.Count;
        var decision = admission.Decide(caller.NodeIdentifier, named, (long)request.Packet.Length * named);
        if (decision.Route == SendRoute.Refuse)
        {
            throw ClusterException.SendBudgetSpent(decision.RetryAfter);
        }

        MailboxEnvelope envelope;
        byte[][] recipients;
        try
        {
            (envelope, recipients) = Accept(request, caller);
        }
        catch (RpcException)
        {
            admission.Return(decision);
            throw;
        }

        var outcome = decision.Route == SendRoute.Lease
            ? await SendOnLeaseAsync(envelope, recipients)
            : await AskSenderAsync(envelope, recipients);
        var response = new SendPacketResponse();
        for (var i = 0; i < recipients.Length; i++)
        {
            response.Deliveries.Add(ToDelivery(recipients[i], outcome.Deliveries[i]));
        }

        metrics.PacketsQueued(response.Deliveries.Count(d => d.ErrorCode == 0 && !d.Duplicate));
        return response;
    }

    public override async Task Subscribe(SubscribeRequest request, IServerStreamWriter<ServerEvent> responseStream, ServerCallContext context)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        caller.RequireOwnNode(request.NodeIdentifier);
        var last = AfterSequence(request.AfterSequence);
        var node = grains.GetNodeGrain(caller.NodeIdentifier);
        var pool = grains.GetEphemeralKeyPoolGrain(caller.NodeIdentifier);

        using var slot = streams.Open(caller.NodeIdentifier);
        // The stream lives no longer than its token; the client re-subscribes with a fresh one, losing nothing.
        using var expiry = new CancellationTokenSource(
            TimeSpan.FromTicks(Math.Clamp((caller.TokenExpiresAt - time.GetUtcNow()).Ticks, 0, TimeSpan.FromDays(24).Ticks)), time);
        var doorbell = new NodeDoorbell();
        var reference = grains.CreateObjectReference<INodeObserver>(doorbell);
        // A gateway that stops ends its streams at once (UNAVAILABLE below): the client reconnects, through the
        // Service to another gateway, and reads from its last sequence, losing nothing.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, expiry.Token, lifetime.ApplicationStopping);
        Exception? renewFailure = null;
        var renewal = Task.CompletedTask;
        var subscription = TimeSpan.Zero;
        metrics.StreamOpened();
        try
        {
            // Subscribed before the backlog is read, so a packet queued meanwhile rings and is read after it.
            subscription = await node.SubscribeAsync(reference);
            renewal = RenewAsync(node, reference, doorbell, subscription, e => renewFailure = e, stop);

            // Every sequence this stream sent, so a sweep of the whole mailbox (MailboxDrain) sends only stragglers.
            var sent = new HashSet<long>();
            last = await DrainAsync(node, last, announced: null, sent, responseStream, stop.Token);
            var status = await pool.GetStatusAsync();
            if (status.IsLow)
            {
                await responseStream.WriteAsync(PoolLowEvent(status.Count), stop.Token);
            }

            while (true)
            {
                await doorbell.WaitAsync(stop.Token);
                if (doorbell.TakePoolLow(out var remaining))
                {
                    await responseStream.WriteAsync(PoolLowEvent(remaining), stop.Token);
                }

                if (doorbell.TakePackets(out var lowest))
                {
                    // A ring at or below what was sent is a straggler from a second activation of the node grain (or a
                    // renewal asking for a sweep): read the whole mailbox. Otherwise read on after the last sent.
                    last = lowest <= last
                        ? Math.Max(last, await SweepAsync(node, sent, responseStream, stop.Token))
                        : await DrainAsync(node, last, doorbell.HighestQueued, sent, responseStream, stop.Token);
                }
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested || expiry.IsCancellationRequested)
        {
            // The device went away, or its token expired: a clean end.
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, ShuttingDown));
        }
        catch (OperationCanceledException) when (renewFailure is not null)
        {
            throw renewFailure is ClusterException { Code: ClusterErrorCode.NotFound } ? NodeRemoved() : renewFailure;
        }
        catch (ClusterException ex) when (ex.Code == ClusterErrorCode.NotFound)
        {
            // The caller's node (or its pool) existed when the stream began: it was removed meanwhile.
            throw NodeRemoved();
        }
        finally
        {
            await stop.CancelAsync();
            await renewal;
            metrics.StreamClosed();
            await UnsubscribeAsync(node, reference);
            retired.Retire(doorbell, reference, subscription);
        }
    }

    public override async Task<FetchPacketsResponse> FetchPackets(FetchPacketsRequest request, ServerCallContext context)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        caller.RequireOwnNode(request.NodeIdentifier);
        var after = AfterSequence(request.AfterSequence);
        var count = request.MaxCount switch
        {
            < 0 => throw GatewayErrors.Invalid($"max_count: must not be negative, not {request.MaxCount}."),
            0 or > ProtocolLimits.MaxFetchPackets => ProtocolLimits.MaxFetchPackets,
            var n => n,
        };

        var read = grains.GetNodeGrain(caller.NodeIdentifier).ReadAsync(after, count);
        var pool = grains.GetEphemeralKeyPoolGrain(caller.NodeIdentifier).GetStatusAsync();
        var response = new FetchPacketsResponse();
        var budget = options.Value.MaxFetchResponseBytes;
        foreach (var queued in await read)
        {
            budget -= queued.Packet.Length;
            if (budget < 0 && response.Packets.Count > 0)
            {
                break;
            }

            response.Packets.Add(ToInbound(queued));
        }

        response.PoolLow = (await pool).IsLow;
        metrics.PacketsDelivered(response.Packets.Count, "fetch");
        return response;
    }

    public override async Task<AckResponse> Ack(AckRequest request, ServerCallContext context)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        caller.RequireOwnNode(request.NodeIdentifier);
        Door.Count(request.Sequences.Count, ProtocolLimits.MaxAckSequences, "sequences", "sequences");
        for (var i = 0; i < request.Sequences.Count; i++)
        {
            if (request.Sequences[i] < 1)
            {
                throw GatewayErrors.Invalid($"sequences[{i}]: sequences start at 1, not {request.Sequences[i]}.");
            }
        }

        var deleted = await grains.GetNodeGrain(caller.NodeIdentifier).AckAsync([.. request.Sequences]);
        return new AckResponse { Deleted = deleted };
    }

    private static long AfterSequence(long value) =>
        value >= 0 ? value : throw GatewayErrors.Invalid($"after_sequence: must not be negative, not {value}.");

    private static RpcException NodeRemoved() => GatewayErrors.Unauthenticated("The node was removed; the stream ends.");

    private static ServerEvent PoolLowEvent(int remaining) => new() { PoolLow = new PoolLow { Remaining = remaining } };

    /// <summary>The request's envelope and recipients, or INVALID_ARGUMENT for a malformed request or a bad signature.</summary>
    private (MailboxEnvelope Envelope, byte[][] Recipients) Accept(SendPacketRequest request, DeviceCaller caller)
    {
        var messageId = Door.MessageId(request.MessageId);

        // The protocol's limit; a silo set to store less refuses the rest for each node (Grains:Mailbox:MaxPacketBytes).
        const int max = ProtocolLimits.MaxPacketBytes;
        if (request.Packet.Length < 1 || request.Packet.Length > max)
        {
            throw GatewayErrors.Invalid($"packet: a packet has 1 to {max} bytes, not {request.Packet.Length}.");
        }

        var recipients = Door.DistinctNodeIdentifiers(
            request.RecipientNodeIdentifiers, options.Value.MaxRecipients, "recipient_node_identifiers");

        var packet = request.Packet.ToByteArray();
        try
        {
            PacketSignature.Verify(packet, caller.NodeKey);
        }
        catch (WickrException ex)
        {
            throw GatewayErrors.Invalid($"packet: {Door.Describe(ex)}.");
        }

        return (new MailboxEnvelope(caller.RootIdentifier, caller.NodeIdentifier, messageId, packet), recipients);
    }

    /// <summary>
    /// One grain call: the sender's grain takes the budget first, so a flood stops before it touches any recipient (a
    /// refusal is RESOURCE_EXHAUSTED with a retry-after-ms trailer), then queues the packet for every recipient. Its
    /// answer (a lease, or when a send like this one may follow) goes to <see cref="SendAdmission"/>.
    /// </summary>
    private async Task<SendOutcome> AskSenderAsync(MailboxEnvelope envelope, byte[][] recipients)
    {
        var node = envelope.SenderNodeIdentifier;
        SendOutcome outcome;
        try
        {
            outcome = await grains.GetSenderGrain(envelope.SenderRootIdentifier).SendAsync(envelope, recipients);
        }
        catch (ClusterException ex) when (ex is { Code: ClusterErrorCode.RateLimited, RetryAfter: { } retryAfter })
        {
            admission.RecordRefusal(node, retryAfter);
            throw;
        }

        admission.Record(node, outcome);
        return outcome;
    }

    /// <summary>
    /// A send the sender grain's lease already paid for: queued in each recipient's mailbox directly, one grain call per
    /// recipient (a lease covers at most <see cref="SendLease.MaxRecipients"/>), each failure reported for its node alone.
    /// </summary>
    private async Task<SendOutcome> SendOnLeaseAsync(MailboxEnvelope envelope, byte[][] recipients)
    {
        metrics.SendOnLease();
        return new SendOutcome(
            await Task.WhenAll(recipients.Select(recipient => grains.GetNodeGrain(recipient).DeliverAsync(envelope, logger))), TimeSpan.Zero);
    }

    private static Delivery ToDelivery(byte[] recipient, DeliveryOutcome outcome)
    {
        var delivery = new Delivery { NodeIdentifier = ByteString.CopyFrom(recipient), Duplicate = outcome.Duplicate };
        if (outcome.ErrorCode is { } code)
        {
            var status = StatusMapping.ToStatus(code, outcome.ErrorMessage ?? "");
            delivery.ErrorCode = (int)status.StatusCode;
            delivery.ErrorMessage = status.Detail;
        }

        return delivery;
    }

    /// <summary>Writes every packet queued after <paramref name="after"/> to the stream (<see cref="MailboxDrain"/>); returns the last sequence written.</summary>
    private Task<long> DrainAsync(
        INodeGrain node, long after, long? announced, HashSet<long> sent, IServerStreamWriter<ServerEvent> stream, CancellationToken cancellationToken)
    {
        return MailboxDrain.DrainAsync(node, after, announced, async batch =>
        {
            await WriteAsync(batch, stream, cancellationToken);
            foreach (var queued in batch)
            {
                sent.Add(queued.Sequence);
            }
        });
    }

    /// <summary>Writes every queued packet the stream has not sent yet (<see cref="MailboxDrain.SweepAsync"/>); returns the highest sequence queued.</summary>
    private Task<long> SweepAsync(INodeGrain node, HashSet<long> sent, IServerStreamWriter<ServerEvent> stream, CancellationToken cancellationToken)
        => MailboxDrain.SweepAsync(node, sent, batch => WriteAsync(batch, stream, cancellationToken));

    private async Task WriteAsync(QueuedPacket[] batch, IServerStreamWriter<ServerEvent> stream, CancellationToken cancellationToken)
    {
        foreach (var queued in batch)
        {
            await stream.WriteAsync(new ServerEvent { Packet = ToInbound(queued) }, cancellationToken);
        }

        metrics.PacketsDelivered(batch.Length, "stream");
    }

    /// <summary>
    /// Renews the doorbell's subscription every half lifetime, then asks the stream to sweep the mailbox: the grain may
    /// have moved, and packets a second activation queued meanwhile rang no doorbell of this stream.
    /// </summary>
    private async Task RenewAsync(
        INodeGrain node, INodeObserver reference, NodeDoorbell doorbell, TimeSpan lifetime, Action<Exception> failed, CancellationTokenSource stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(lifetime / 2, time, stop.Token);
                lifetime = await node.SubscribeAsync(reference);
                doorbell.RequestSweep();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            failed(ex);
            await stop.CancelAsync();
        }
    }

    private async Task UnsubscribeAsync(INodeGrain node, INodeObserver reference)
    {
        try
        {
            await node.UnsubscribeAsync(reference);
        }
        catch (Exception ex) when (ex is ClusterException or TimeoutException or Orleans.Runtime.OrleansException)
        {
            // The subscription expires on its own; nothing to undo.
            LogUnsubscribeFailed(logger, ex.GetType().Name);
        }
    }

    private static InboundPacket ToInbound(QueuedPacket queued) => new()
    {
        Sequence = queued.Sequence,
        EnqueuedAtUnixMs = queued.EnqueuedAt.ToUnixTimeMilliseconds(),
        MessageId = queued.Envelope.MessageId,
        SenderRootIdentifier = ByteString.CopyFrom(queued.Envelope.SenderRootIdentifier),
        SenderNodeIdentifier = ByteString.CopyFrom(queued.Envelope.SenderNodeIdentifier),
        // Not copied: a packet's bytes are never changed once they arrive (a silo may share one array among many
        // mailboxes' reads), and the message only reads them while it is written to the stream.
        Packet = UnsafeByteOperations.UnsafeWrap(queued.Envelope.Packet),
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Unsubscribing a stream's doorbell failed ({ExceptionType}); it expires on its own")]
    private static partial void LogUnsubscribeFailed(ILogger logger, string exceptionType);
}
