namespace Wickr.Cluster.LoadTest.Metrics;

/// <summary>
/// An HdrHistogram-style latency histogram in microseconds: exact below 128 µs, then 64 linear sub-buckets per power
/// of two (at most 1.6 % relative error) up to about 2.4 hours. Recording is lock-free and allocation-free.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBuckets = 64;
    private const int Exact = 2 * SubBuckets;
    private const int Magnitudes = 27;
    private readonly long[] _counts = new long[Exact + (Magnitudes * SubBuckets)];
    private long _total;
    private long _max;

    /// <summary>How many values were recorded.</summary>
    public long Count => Interlocked.Read(ref _total);

    /// <summary>The largest value recorded, exactly.</summary>
    public long MaxMicroseconds => Interlocked.Read(ref _max);

    /// <summary>Records one latency.</summary>
    public void Record(TimeSpan latency) => RecordMicroseconds((long)Math.Max(0, latency.Ticks / 10.0));

    /// <summary>Records one value in microseconds (clamped to the range).</summary>
    public void RecordMicroseconds(long value)
    {
        value = Math.Clamp(value, 0, HighestTrackable);
        Interlocked.Increment(ref _counts[IndexOf(value)]);
        Interlocked.Increment(ref _total);
        long seen;
        while (value > (seen = Interlocked.Read(ref _max)) && Interlocked.CompareExchange(ref _max, value, seen) != seen)
        {
        }
    }

    /// <summary>The value at <paramref name="percentile"/> (0-100), in microseconds: the bucket's upper edge (never below truth), capped by the max.</summary>
    public long PercentileMicroseconds(double percentile)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }
        var rank = (long)Math.Ceiling(Math.Clamp(percentile, 0, 100) / 100.0 * total);
        rank = Math.Max(rank, 1);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(UpperEdge(i), MaxMicroseconds);
            }
        }
        return MaxMicroseconds;
    }

    /// <summary>p50, p90, p99 and p99.9 in milliseconds, with the count and max.</summary>
    public LatencySummary Summary() => new(
        Count,
        Milliseconds(PercentileMicroseconds(50)),
        Milliseconds(PercentileMicroseconds(90)),
        Milliseconds(PercentileMicroseconds(99)),
        Milliseconds(PercentileMicroseconds(99.9)),
        Milliseconds(MaxMicroseconds));

    private static double Milliseconds(long microseconds) => Math.Round(microseconds / 1000.0, 3);

    private static long HighestTrackable => ((long)SubBuckets << Magnitudes) * 2 - 1;

    internal static int IndexOf(long value)
    {
        if (value < Exact)
        {
            return (int)value;
        }
        // value >> shift lands in [SubBuckets, 2*SubBuckets): one linear bucket of width 2^shift.
        var shift = 63 - (int)long.LeadingZeroCount(value) - 6;
        return Exact + ((shift - 1) * SubBuckets) + (int)((value >> shift) - SubBuckets);
    }

    internal static long UpperEdge(int index)
    {
        if (index < Exact)
        {
            return index;
        }
        var shift = ((index - Exact) / SubBuckets) + 1;
        var sub = ((index - Exact) % SubBuckets) + SubBuckets;
        return ((long)(sub + 1) << shift) - 1;
    }
}
