using System.Collections.Concurrent;
using System.Diagnostics;

namespace Wickr.Cluster.LoadTest.Chaos;

/// <summary>
/// What a chaos run checks from the client side, independently of the cluster: every delivery the gateway
/// acknowledged (queued) to an online device, every message the devices decrypted, every one-time key handed out, and
/// the end time and outcome of every operation.
/// </summary>
internal sealed class DeliveryLedger
{
    private readonly ConcurrentDictionary<(string Node, string MessageId), double> _acknowledged = new();
    private readonly ConcurrentDictionary<(string Node, string MessageId), byte> _received = new();
    private readonly ConcurrentDictionary<(string Node, ulong KeyId), int> _keys = new();
    private readonly ConcurrentQueue<(double Seconds, bool Ok)> _outcomes = new();
    private readonly ConcurrentDictionary<string, byte> _online = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _rejected = new(StringComparer.Ordinal);
    private long _started = Stopwatch.GetTimestamp();

    /// <summary>Seconds since <see cref="Start"/>.</summary>
    public double Now => Stopwatch.GetElapsedTime(_started).TotalSeconds;

    /// <summary>The run's clock starts (operations are timed from here, as the chaos actions are).</summary>
    public void Start() => _started = Stopwatch.GetTimestamp();

    /// <summary>A device that reads its stream: deliveries to it are checked.</summary>
    public void Online(string node) => _online.TryAdd(node, 0);

    public IReadOnlyCollection<string> OnlineNodes => [.. _online.Keys];

    /// <summary>The gateway answered that the packet is queued for <paramref name="node"/> (or was already).</summary>
    public void Acknowledged(string node, string messageId)
    {
        if (_online.ContainsKey(node))
        {
            _acknowledged.TryAdd((node, messageId), Now);
        }
    }

    /// <summary><paramref name="node"/> decrypted the message.</summary>
    public void Received(string node, string messageId) => _received.TryAdd((node, messageId), 0);

    /// <summary><paramref name="node"/> could not decrypt a packet it was sent (and deleted it): why, counted.</summary>
    public void Rejected(string reason) => _rejected.AddOrUpdate(reason, 1, (_, n) => n + 1);

    /// <summary>Packets the devices could not decrypt, by reason.</summary>
    public IReadOnlyDictionary<string, int> RejectedReasons => _rejected.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="node"/> decrypted the message.</summary>
    public bool HasReceived(string node, string messageId) => _received.ContainsKey((node, messageId));

    /// <summary>A one-time key of <paramref name="node"/> was handed out to a claimer.</summary>
    public void KeyClaimed(string node, ulong keyId) => _keys.AddOrUpdate((node, keyId), 1, (_, n) => n + 1);

    /// <summary>An operation ended, now.</summary>
    public void Outcome(bool ok) => _outcomes.Enqueue((Now, ok));

    public int AcknowledgedCount => _acknowledged.Count;

    /// <summary>Acknowledged deliveries no device decrypted (yet).</summary>
    public IReadOnlyList<string> Missing() =>
        [.. _acknowledged.Where(k => !_received.ContainsKey(k.Key)).OrderBy(k => k.Value)
            .Select(k => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{k.Key.Node[..12]}…:{k.Key.MessageId} acknowledged at {k.Value:0.0} s"))];

    public int KeysClaimed => _keys.Count;

    /// <summary>One-time keys handed out more than once.</summary>
    public int KeysHandedOutTwice => _keys.Count(k => k.Value > 1);

    /// <summary>Operations that ended in [<paramref name="from"/>, <paramref name="to"/>), as (total, failed, end of the last failed one).</summary>
    public (int Total, int Failed, double? LastFailure) Window(double from, double to)
    {
        int total = 0, failed = 0;
        double? last = null;
        foreach (var (seconds, ok) in _outcomes)
        {
            if (seconds < from || seconds >= to)
            {
                continue;
            }
            total++;
            if (!ok)
            {
                failed++;
                last = Math.Max(last ?? seconds, seconds);
            }
        }
        return (total, failed, last);
    }
}
