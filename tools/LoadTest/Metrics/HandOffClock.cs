using System.Collections.Concurrent;
using System.Diagnostics;

namespace Wickr.Cluster.LoadTest.Metrics;

/// <summary>
/// The cluster's part of a room message's delivery, timed from the wire by message id: when the sender handed the
/// message to the cluster (its first SendPacket call), when the cluster accepted its last packet, and when each of its
/// packets arrived on an online device's Subscribe stream (before the device decodes it). Kept for room-burst only:
/// one entry per message sent, which a room's rate of a message every few seconds keeps small.
/// </summary>
internal sealed class HandOffClock
{
    private readonly ConcurrentDictionary<string, Message> _messages = new(StringComparer.Ordinal);

    /// <summary>First SendPacket call → last of the message's packets accepted, one entry per message sent in full.</summary>
    public LatencyHistogram Accept { get; } = new();

    /// <summary>First SendPacket call → the packet on an online device's stream, one entry per packet arrival.</summary>
    public LatencyHistogram Arrival { get; } = new();

    /// <summary>A SendPacket call for <paramref name="messageId"/> started at <paramref name="timestamp"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void SendPacketStarted(string messageId, long timestamp) => _messages.TryAdd(messageId, new Message(timestamp));

    /// <summary>A SendPacket call for <paramref name="messageId"/> was answered at <paramref name="timestamp"/>.</summary>
    public void SendPacketAccepted(string messageId, long timestamp)
    {
        if (_messages.TryGetValue(messageId, out var message))
        {
            message.Accepted(timestamp);
        }
    }

    /// <summary>The message's send returned with every packet accepted: records its accept latency once.</summary>
    public void MessageAccepted(string messageId)
    {
        if (_messages.TryGetValue(messageId, out var message) && message.TakeAcceptLatency() is { } latency)
        {
            Accept.Record(latency);
        }
    }

    /// <summary>A packet of <paramref name="messageId"/> arrived on a device's stream at <paramref name="timestamp"/>; a message not handed over in this run is not counted.</summary>
    public void PacketArrived(string messageId, long timestamp)
    {
        if (_messages.TryGetValue(messageId, out var message))
        {
            Arrival.Record(Stopwatch.GetElapsedTime(message.HandedOver, timestamp));
        }
    }

    private sealed class Message(long handedOver)
    {
        private long _lastAccepted;
        private int _recorded;

        public long HandedOver { get; } = handedOver;

        public void Accepted(long timestamp)
        {
            long seen;
            while (timestamp > (seen = Interlocked.Read(ref _lastAccepted)) && Interlocked.CompareExchange(ref _lastAccepted, timestamp, seen) != seen)
            {
            }
        }

        public TimeSpan? TakeAcceptLatency()
        {
            var last = Interlocked.Read(ref _lastAccepted);
            return last == 0 || Interlocked.Exchange(ref _recorded, 1) == 1 ? null : Stopwatch.GetElapsedTime(HandedOver, last);
        }
    }
}
