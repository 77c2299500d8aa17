using Grpc.Core;
using Wickr.Cluster.ClientLib.Identity;
using Wickr.Cluster.Protocol.V1;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>Receiving: backlog and live stream, decode, hand over, acknowledge.</summary>
public sealed partial class WickrClient
{
    private const int FetchBatch = 100;
    private readonly SemaphoreSlim _receiveGate = new(1, 1);
    private readonly SortedSet<long> _pendingAcks = [];
    private long _lastHandled;

    /// <summary>The highest mailbox sequence handed over (or rejected) so far.</summary>
    public long LastHandledSequence => Interlocked.Read(ref _lastHandled);

    private async Task DrainBacklogAsync(CancellationToken cancellationToken)
    {
        await RetryPendingAcksAsync(cancellationToken);
        while (true)
        {
            var after = LastHandledSequence;
            var reply = await CallAsync(o => _messages.FetchPacketsAsync(new FetchPacketsRequest { AfterSequence = after, MaxCount = FetchBatch }, o), cancellationToken);
            foreach (var packet in reply.Packets)
            {
                await HandlePacketAsync(packet, cancellationToken);
            }
            if (reply.Packets.Count == 0 || reply.Packets[^1].Sequence <= after)
            {
                return;
            }
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            string? token = null;
            try
            {
                await RetryPendingAcksAsync(cancellationToken);
                token = await Session.TokenAsync(cancellationToken);
                var headers = AuthSession.Headers(token);
                using var call = _messages.Subscribe(new SubscribeRequest { AfterSequence = LastHandledSequence }, headers, cancellationToken: cancellationToken);
                await foreach (var serverEvent in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    switch (serverEvent.EventCase)
                    {
                        case ServerEvent.EventOneofCase.Packet:
                            await HandlePacketAsync(serverEvent.Packet, cancellationToken);
                            break;
                        case ServerEvent.EventOneofCase.PoolLow:
                            OnPoolLowSignalled(serverEvent.PoolLow.Remaining);
                            RequestReplenish();
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
                    Session.Invalidate(token);
                }
                LastBackgroundError = WickrClientException.From(ex);
            }
            catch (Exception ex) when (ex is WickrClientException or WickrException)
            {
                LastBackgroundError = ex;
            }
            catch (ObjectDisposedException ex)
            {
                // The channel was closed under us: nothing to reconnect with.
                LastBackgroundError = ex;
                return;
            }
            try
            {
                // The stream ended or failed: open it again; whatever arrived meanwhile is queued and comes first.
                await Task.Delay(_options.RetryDelay, _options.TimeProvider, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // One packet at a time, in order: decode (which deletes the one-time private key), keep and hand over, then ack.
    private async Task HandlePacketAsync(InboundPacket packet, CancellationToken cancellationToken)
    {
        await _receiveGate.WaitAsync(cancellationToken);
        try
        {
            if (packet.Sequence <= LastHandledSequence)
            {
                // Already handed over; only its acknowledgement may have been lost.
                await AckAsync(packet.Sequence, cancellationToken);
                return;
            }
            try
            {
                // Decoded even when it is a repeat, so the one-time key it names is deleted all the same.
                var (message, keyId) = await DecodeAsync(packet, cancellationToken);
                if (State.Accept(message, SignedPacketDigest.Of(packet.Packet.Span), keyId, message.ViaLastResortKey))
                {
                    Messages.Add(message);
                    _inbox.Writer.TryWrite(message);
                }
                else
                {
                    PacketRejected?.Invoke(this, new PacketRejectedEventArgs(
                        packet.Sequence, packet.MessageId, message.SenderNodeIdentifierHex, WickrError.InvalidState, "a replay of a packet handed over before"));
                }
            }
            catch (WickrException ex)
            {
                PacketRejected?.Invoke(this, new PacketRejectedEventArgs(
                    packet.Sequence, packet.MessageId, Convert.ToHexStringLower(packet.SenderNodeIdentifier.Span), ex.Error, ex.Message));
            }
            catch (WickrClientException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                // The sender's user is gone: its chain can never be checked.
                PacketRejected?.Invoke(this, new PacketRejectedEventArgs(
                    packet.Sequence, packet.MessageId, Convert.ToHexStringLower(packet.SenderNodeIdentifier.Span), WickrError.Chain, ex.Detail));
            }
            Interlocked.Exchange(ref _lastHandled, packet.Sequence);
            await AckAsync(packet.Sequence, cancellationToken);
        }
        finally
        {
            _receiveGate.Release();
        }
    }

    private async Task<(ReceivedMessage Message, ulong KeyId)> DecodeAsync(InboundPacket packet, CancellationToken cancellationToken)
    {
        var rootIdentifier = packet.SenderRootIdentifier.ToByteArray();
        var nodeHex = Convert.ToHexStringLower(packet.SenderNodeIdentifier.Span);
        if (rootIdentifier.Length is 0 or > RootIdentity.MaxIdentifierSize)
        {
            throw new WickrException(WickrError.Chain, "the packet names no valid sending user");
        }
        var profile = await _profiles.GetAsync(rootIdentifier, refresh: false, cancellationToken);
        var sender = profile.Find(nodeHex);
        if (sender is null)
        {
            // A device added since the profile was fetched.
            profile = await _profiles.GetAsync(rootIdentifier, refresh: true, cancellationToken);
            sender = profile.Find(nodeHex) ?? throw new WickrException(WickrError.Chain, "the sending node is not a device of the sending user");
        }
        var pool = Pool ?? throw new WickrException(WickrError.UnknownKeyId, "this device holds no ephemeral keys");
        var lastResortKeyId = pool.LastResortKeyId;
        var privateKeys = PrivateKeysFor(pool, nodeHex);
        var decoded = _decoder.Decode(packet.Packet.Span, sender.Chain, Device.LocalNode, privateKeys, Trust);
        CountRedeemed(privateKeys);
        return (new ReceivedMessage(
            packet.Sequence,
            packet.MessageId,
            profile.RootIdentifierHex,
            nodeHex,
            AcceptHandouts(decoded.Message, sender.Chain),
            _options.TimeProvider.GetUtcNow(),
            decoded.SenderPin,
            decoded.EphemeralKeyId == lastResortKeyId), decoded.EphemeralKeyId);
    }

    private async Task AckAsync(long sequence, CancellationToken cancellationToken)
    {
        lock (_pendingAcks)
        {
            _pendingAcks.Add(sequence);
        }
        await RetryPendingAcksAsync(cancellationToken);
    }

    // Acks that failed are kept and sent with the next one; the packets stay queued (and are skipped) until then.
    private async Task RetryPendingAcksAsync(CancellationToken cancellationToken)
    {
        long[] sequences;
        lock (_pendingAcks)
        {
            sequences = [.. _pendingAcks.Take(FetchBatch)];
        }
        if (sequences.Length == 0)
        {
            return;
        }
        var request = new AckRequest();
        request.Sequences.AddRange(sequences);
        try
        {
            await CallAsync(o => _messages.AckAsync(request, o), cancellationToken);
        }
        catch (WickrClientException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal)
        {
            LastBackgroundError = ex;
            return;
        }
        lock (_pendingAcks)
        {
            _pendingAcks.ExceptWith(sequences);
        }
    }
}
