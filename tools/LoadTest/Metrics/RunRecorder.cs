using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;

namespace Wickr.Cluster.LoadTest.Metrics;

/// <summary>
/// Every figure of a run: per-RPC latency and statuses, claim outcomes per node (one-time, last-resort, refused),
/// operations scheduled, dropped, completed and failed, errors by status, pool signals and uploads with the
/// low-signal → keys-uploaded lag, and pool levels. Sampled once a second into <see cref="SecondSample"/>s.
/// </summary>
internal sealed class RunRecorder
{
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _pendingLow = new(StringComparer.Ordinal);
    private readonly List<SecondSample> _samples = [];
    private LatencyHistogram _claimInterval = new();
    private LatencyHistogram _sendInterval = new();
    private Totals _previous = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    private long _scheduled, _dropped, _completed, _failed, _inFlight;
    private long _claims, _oneTime, _lastResort, _refused, _sends, _deliveries;
    private long _lowSignals, _replenishments, _keysUploaded, _delivered;
    private volatile bool _running;

    public ConcurrentDictionary<string, RpcStats> Rpcs { get; } = new(StringComparer.Ordinal);

    public PoolLedger Pools { get; } = new();

    /// <summary>Set for a chaos run: deliveries, received messages, keys handed out and operation outcomes, checked after it.</summary>
    public Chaos.DeliveryLedger? Ledger { get; init; }

    /// <summary>Set for a room-burst run: each message's hand-over to the cluster, its acceptance and its packets' arrivals.</summary>
    public HandOffClock? HandOffs { get; init; }

    /// <summary>Scheduled → first claim answer of each operation.</summary>
    public LatencyHistogram Claim { get; } = new();

    /// <summary>Scheduled → send done (operations that send).</summary>
    public LatencyHistogram Send { get; } = new();

    /// <summary>Scheduled → operation done, whatever it was.</summary>
    public LatencyHistogram Operation { get; } = new();

    /// <summary>A room message's send started → an online device decoded it (room-burst), one entry per device.</summary>
    public LatencyHistogram Delivery { get; } = new();

    /// <summary>"Pool low" signal received → the replenish it caused published its keys.</summary>
    public LatencyHistogram ReplenishLag { get; } = new();

    public IReadOnlyList<SecondSample> Samples => _samples;

    public IReadOnlyDictionary<string, long> Errors => _errors;

    public long InFlight => Interlocked.Read(ref _inFlight);

    public long Scheduled => Interlocked.Read(ref _scheduled);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Completed => Interlocked.Read(ref _completed);

    public long Failed => Interlocked.Read(ref _failed);

    public long Claims => Interlocked.Read(ref _claims);

    public long OneTime => Interlocked.Read(ref _oneTime);

    public long LastResort => Interlocked.Read(ref _lastResort);

    public long Refused => Interlocked.Read(ref _refused);

    public long Sends => Interlocked.Read(ref _sends);

    public long Deliveries => Interlocked.Read(ref _deliveries);

    public long LowSignals => Interlocked.Read(ref _lowSignals);

    public long Replenishments => Interlocked.Read(ref _replenishments);

    public long KeysUploaded => Interlocked.Read(ref _keysUploaded);

    /// <summary>From here on, counts belong to the run (set-up traffic before is only used for pool levels).</summary>
    public void Start()
    {
        Ledger?.Start();
        _running = true;
    }

    public void Stop() => _running = false;

    public void Rpc(string method, TimeSpan latency, StatusCode status)
    {
        if (!_running)
        {
            return;
        }
        Rpcs.GetOrAdd(method, _ => new RpcStats()).Record(latency, status);
        if (status != StatusCode.OK)
        {
            Error($"rpc {method}", status.ToString());
        }
    }

    public void Error(string where, string status) => _errors.AddOrUpdate($"{where}: {status}", 1, (_, n) => n + 1);

    public void OperationScheduled() => Interlocked.Increment(ref _scheduled);

    public void OperationDropped() => Interlocked.Increment(ref _dropped);

    public void OperationStarted() => Interlocked.Increment(ref _inFlight);

    public void OperationEnded(OperationContext operation, bool ok)
    {
        Interlocked.Decrement(ref _inFlight);
        Interlocked.Increment(ref ok ? ref _completed : ref _failed);
        if (_running)
        {
            // A send that reached only some of its recipient nodes failed, for the error budget.
            Ledger?.Outcome(ok && !operation.PartlyFailed);
        }
        var latency = operation.SinceScheduled;
        Operation.Record(latency);
    }

    public void ClaimAnswered(OperationContext operation)
    {
        var latency = operation.SinceScheduled;
        Claim.Record(latency);
        Volatile.Read(ref _claimInterval).Record(latency);
    }

    public void SendDone(OperationContext operation, int queued)
    {
        var latency = operation.SinceScheduled;
        Send.Record(latency);
        Volatile.Read(ref _sendInterval).Record(latency);
        if (queued > 0)
        {
            Interlocked.Increment(ref _sends);
            Interlocked.Add(ref _deliveries, queued);
        }
    }

    public void ClaimsRequested(int nodes)
    {
        if (_running)
        {
            Interlocked.Add(ref _claims, nodes);
        }
    }

    public void OneTimeKey(string nodeHex)
    {
        Pools.Claimed(nodeHex);
        if (_running)
        {
            Interlocked.Increment(ref _oneTime);
        }
    }

    public void LastResortKey()
    {
        if (_running)
        {
            Interlocked.Increment(ref _lastResort);
        }
    }

    public void ClaimRefused(int nodes, string status)
    {
        if (_running)
        {
            Interlocked.Add(ref _refused, nodes);
            _errors.AddOrUpdate($"claim refused: {status}", nodes, (_, n) => n + nodes);
        }
    }

    public void Delivered(TimeSpan latency)
    {
        if (_running)
        {
            Delivery.Record(latency);
            Interlocked.Increment(ref _delivered);
        }
    }

    /// <summary>A SendPacket call for <paramref name="messageId"/> starts (room-burst: the first one hands the message over).</summary>
    public void SendPacketStarted(string messageId)
    {
        if (_running)
        {
            HandOffs?.SendPacketStarted(messageId, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>A SendPacket call for <paramref name="messageId"/> was answered OK.</summary>
    public void SendPacketAccepted(string messageId) => HandOffs?.SendPacketAccepted(messageId, Stopwatch.GetTimestamp());

    /// <summary>A packet of <paramref name="messageId"/> arrived on a device's Subscribe stream, not yet decoded.</summary>
    public void PacketArrived(string messageId)
    {
        if (_running)
        {
            HandOffs?.PacketArrived(messageId, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>Room messages decoded by online devices so far.</summary>
    public long Delivered() => Interlocked.Read(ref _delivered);

    public void LowSignal(string nodeHex)
    {
        if (_running)
        {
            Interlocked.Increment(ref _lowSignals);
            _pendingLow.TryAdd(nodeHex, Stopwatch.GetTimestamp());
        }
    }

    public void Replenished(string nodeHex, int published)
    {
        if (!_running)
        {
            return;
        }
        Interlocked.Increment(ref _replenishments);
        Interlocked.Add(ref _keysUploaded, published);
        if (_pendingLow.TryRemove(nodeHex, out var signalled))
        {
            ReplenishLag.Record(Stopwatch.GetElapsedTime(signalled));
        }
    }

    /// <summary>True when something was counted after the last sample.</summary>
    public bool HasUnsampled() => CurrentTotals() != _previous;

    private Totals CurrentTotals() => new(Scheduled, Dropped, Completed, Failed, Claims, OneTime, LastResort, Refused, Sends, LowSignals, KeysUploaded);

    /// <summary>Closes second <paramref name="second"/>: the counts since the last sample and the levels now.</summary>
    public SecondSample Sample(int second, double targetRate)
    {
        var now = CurrentTotals();
        var claim = Interlocked.Exchange(ref _claimInterval, new LatencyHistogram());
        var send = Interlocked.Exchange(ref _sendInterval, new LatencyHistogram());
        var claimRpc = Rpcs.TryGetValue("ClaimKeys", out var stats) ? stats.TakeInterval() : new LatencyHistogram();
        foreach (var (method, other) in Rpcs)
        {
            if (method != "ClaimKeys")
            {
                other.TakeInterval();
            }
        }
        var levels = Pools.Snapshot();
        var p = _previous;
        var sample = new SecondSample(
            second, Math.Round(targetRate, 2),
            now.Scheduled - p.Scheduled, now.Dropped - p.Dropped, now.Completed - p.Completed, now.Failed - p.Failed,
            now.Claims - p.Claims, now.OneTime - p.OneTime, now.LastResort - p.LastResort, now.Refused - p.Refused,
            now.Sends - p.Sends, now.LowSignals - p.LowSignals, now.KeysUploaded - p.KeysUploaded, InFlight,
            Ms(claim, 50), Ms(claim, 99), Ms(send, 99), Ms(claimRpc, 99),
            levels.Min, levels.P10, levels.Median);
        _previous = now;
        lock (_samples)
        {
            _samples.Add(sample);
        }
        return sample;
    }

    private static double Ms(LatencyHistogram histogram, double percentile) => Math.Round(histogram.PercentileMicroseconds(percentile) / 1000.0, 3);

    private sealed record Totals(
        long Scheduled, long Dropped, long Completed, long Failed, long Claims, long OneTime, long LastResort, long Refused, long Sends, long LowSignals, long KeysUploaded);
}
