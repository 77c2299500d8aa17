using System.Collections.Concurrent;
using Grpc.Core;

namespace Wickr.Cluster.LoadTest.Metrics;

/// <summary>One gRPC method: latency from the call's start (whole run and the current second) and answers by status.</summary>
internal sealed class RpcStats
{
    private LatencyHistogram _interval = new();

    public LatencyHistogram Total { get; } = new();

    public ConcurrentDictionary<StatusCode, long> Statuses { get; } = new();

    public void Record(TimeSpan latency, StatusCode status)
    {
        Total.Record(latency);
        Volatile.Read(ref _interval).Record(latency);
        Statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
    }

    /// <summary>The histogram of the second that just ended; a fresh one takes its place.</summary>
    public LatencyHistogram TakeInterval() => Interlocked.Exchange(ref _interval, new LatencyHistogram());
}
