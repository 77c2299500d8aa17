using System.Diagnostics;

namespace Wickr.Cluster.LoadTest.Metrics;

/// <summary>
/// The scheduled start of the operation a gRPC call belongs to, flowing with the async context, so the interceptor
/// measures claim latency from the schedule (no coordinated omission) and not from when the call finally went out.
/// </summary>
internal sealed class OperationContext(long scheduledTimestamp)
{
    private static readonly AsyncLocal<OperationContext?> CurrentContext = new();
    private int _claimsSeen;

    /// <summary>The operation in this async flow, if any.</summary>
    public static OperationContext? Current
    {
        get => CurrentContext.Value;
        set => CurrentContext.Value = value;
    }

    /// <summary>When the operation was scheduled (Stopwatch timestamp).</summary>
    public long ScheduledTimestamp { get; } = scheduledTimestamp;

    /// <summary>Time since the schedule.</summary>
    public TimeSpan SinceScheduled => Stopwatch.GetElapsedTime(ScheduledTimestamp);

    /// <summary>Set when the operation ended without error but some recipient node did not get the packet.</summary>
    public bool PartlyFailed { get; set; }

    /// <summary>True for the first claim call of the operation (a vanished node makes a second one).</summary>
    public bool FirstClaim() => Interlocked.Increment(ref _claimsSeen) == 1;
}
