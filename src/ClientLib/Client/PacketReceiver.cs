using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// Receiving: the mailbox backlog and the live stream, one packet at a time in order: decode (which deletes the
/// one-time private key), the replay check and keep (one step in the client state), notify the inbox, then acknowledge.
/// A mailbox sequence is not a watermark: while a node grain moves between silos, two activations may both write, so a
/// packet can be queued with a LOWER sequence than one already handed over. Every read therefore starts at the
/// beginning of the mailbox (which holds only unacknowledged packets), and a packet is skipped only when this receiver
/// handled exactly that sequence (<see cref="HandledSequences"/>); anything else is opened.
/// </summary>
internal sealed class PacketReceiver(
    GatewayCalls gateway,
    WickrClientOptions options,
    IClientState state,
    PacketOpener opener,
    EphemeralPoolKeeper pool,
    BackgroundErrors errors,
    Action<PacketRejectedEventArgs> rejected,
    Groups.GroupBook groups,
    Action<Groups.GroupUpdate> groupUpdated)
{
    private readonly MailboxAcks _acks = new(gateway, errors);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HandledSequences _handled = new();
    private long _lastHandled;

    /// <summary>Messages as they are handed over, each exactly once, in the order each read returned them.</summary>
    public Inbox Inbox { get; } = new(state, options.InboxCapacity);

    /// <summary>The highest mailbox sequence handed over (or rejected) so far; a figure, not a watermark: a lower one may still come.</summary>
    public long LastHandledSequence => Interlocked.Read(ref _lastHandled);

    /// <summary>
    /// Hands over every queued packet not handled yet, reading the whole mailbox from its start a page at a time, so a
    /// packet queued below a sequence handled before (a straggler) is picked up on every (re)connect.
    /// </summary>
    public async Task DrainBacklogAsync(CancellationToken cancellationToken)
    {
        await _acks.RetryPendingAsync(cancellationToken);
        var after = 0L;
        while (true)
        {
            var request = new FetchPacketsRequest { AfterSequence = after, MaxCount = MailboxAcks.Batch };
            var reply = await gateway.CallAsync(o => gateway.Messages.FetchPacketsAsync(request, o), cancellationToken);
            foreach (var packet in reply.Packets)
            {
                await HandlePacketAsync(packet, cancellationToken);
            }
            if (reply.Packets.Count == 0 || reply.Packets[^1].Sequence <= after)
            {
                return;
            }
            after = reply.Packets[^1].Sequence;
        }
    }

    /// <summary>Keeps the live stream open until <paramref name="cancellationToken"/> (the connection) ends, reopening it after a failure.</summary>
    public async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            string? token = null;
            try
            {
                await _acks.RetryPendingAsync(cancellationToken);
                var authorized = await gateway.AuthorizeAsync(cancellationToken);
                token = authorized.Token;
                using var call = gateway.Messages.Subscribe(new SubscribeRequest { AfterSequence = 0 }, authorized.Options);
                await foreach (var serverEvent in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    switch (serverEvent.EventCase)
                    {
                        case ServerEvent.EventOneofCase.Packet:
                            await HandlePacketAsync(serverEvent.Packet, cancellationToken);
                            break;
                        case ServerEvent.EventOneofCase.PoolLow:
                            pool.Signalled(serverEvent.PoolLow.Remaining, cancellationToken);
                            break;
                        default:
                            break;
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException ex)
            {
                if (ex.StatusCode == StatusCode.Unauthenticated)
                {
                    gateway.Refused(token);
                }
                errors.Record(WickrClientException.From(ex));
            }
            catch (Exception ex) when (ex is WickrClientException or WickrException)
            {
                errors.Record(ex);
            }
            catch (ObjectDisposedException ex)
            {
                // The channel was closed under us: nothing to reconnect with.
                errors.Record(ex);
                return;
            }
            try
            {
                // The stream ended or failed: open it again; it starts with the whole mailbox, whatever arrived meanwhile included.
                await Task.Delay(options.RetryDelay, options.TimeProvider, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task HandlePacketAsync(InboundPacket packet, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_handled.Contains(packet.Sequence) || _acks.IsPending(packet.Sequence))
            {
                // Handed over by this receiver; only its acknowledgement may have been lost (or be on its way).
                await _acks.AckAsync(packet.Sequence, cancellationToken);
                return;
            }
            try
            {
                // Decoded even when it is a repeat, so the one-time key it names is deleted all the same.
                var (message, keyId) = await opener.OpenAsync(packet, cancellationToken);
                if (state.Accept(message, SignedPacketDigest.Of(packet.Packet.Span), keyId, message.ViaLastResortKey))
                {
                    // A membership change takes effect before anything after it in the mailbox is handed over.
                    if (groups.Receive(message) is { } update)
                    {
                        groupUpdated(update);
                    }
                    Inbox.Kept(message);
                }
                else
                {
                    Reject(packet, message.SenderNodeIdentifierHex, WickrError.InvalidState, "a replay of a packet handed over before");
                }
            }
            catch (WickrException ex)
            {
                Reject(packet, Convert.ToHexStringLower(packet.SenderNodeIdentifier.Span), ex.Error, ex.Message);
            }
            catch (WickrClientException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                // The sender's user is gone: its chain can never be checked.
                Reject(packet, Convert.ToHexStringLower(packet.SenderNodeIdentifier.Span), WickrError.Chain, ex.Detail);
            }
            _handled.Add(packet.Sequence);
            if (packet.Sequence > LastHandledSequence)
            {
                Interlocked.Exchange(ref _lastHandled, packet.Sequence);
            }
            await _acks.AckAsync(packet.Sequence, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Reject(InboundPacket packet, string senderNodeHex, WickrError error, string detail)
        => rejected(new PacketRejectedEventArgs(packet.Sequence, packet.MessageId, senderNodeHex, error, detail));
}
