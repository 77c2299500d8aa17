using Wickr.Cluster.LoadTest.Metrics;

namespace Wickr.Cluster.LoadTest.SlowBodies;

/// <summary>What became of the attack's calls, counted as they end.</summary>
internal sealed class CallTally
{
    private long _opened;
    private long _reached;
    private long _cut;
    private long _refused;
    private long _answered;
    private long _leftOpen;
    private long _noStream;
    private long _waiting;
    private long _peakWaiting;

    /// <summary>Calls started.</summary>
    public long Opened => Interlocked.Read(ref _opened);

    /// <summary>Calls whose first bytes went out on a connection the gateway kept: it held them (refused ones are taken back out).</summary>
    public long Reached => Interlocked.Read(ref _reached);

    /// <summary>Reached calls the gateway ended with a reset or by closing the connection.</summary>
    public long Cut => Interlocked.Read(ref _cut);

    /// <summary>Calls whose connection was refused or closed before the gateway read them.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Calls the gateway answered with a gRPC status instead of waiting for the body.</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>Reached calls still open when the run gave up waiting for the gateway to cut them.</summary>
    public long LeftOpen => Interlocked.Read(ref _leftOpen);

    /// <summary>Calls that never got a stream from the gateway (its streams-per-connection limit) before the run ended.</summary>
    public long NoStream => Interlocked.Read(ref _noStream);

    /// <summary>Reached calls not ended yet.</summary>
    public long Waiting => Interlocked.Read(ref _waiting);

    /// <summary>The most reached calls open at once.</summary>
    public long PeakWaiting => Interlocked.Read(ref _peakWaiting);

    /// <summary>From a call's first bytes to its cut.</summary>
    public LatencyHistogram CutAfter { get; } = new();

    /// <summary>A call started.</summary>
    public void Open() => Interlocked.Increment(ref _opened);

    /// <summary>A call's first bytes went out on an open stream.</summary>
    public void Reach()
    {
        Interlocked.Increment(ref _reached);
        var now = Interlocked.Increment(ref _waiting);
        long seen;
        while (now > (seen = Interlocked.Read(ref _peakWaiting)) && Interlocked.CompareExchange(ref _peakWaiting, now, seen) != seen)
        {
        }
    }

    /// <summary>A call ended; <paramref name="sinceReached"/> is null for one that never reached the gateway.</summary>
    public void End(CallEnd end, TimeSpan? sinceReached)
    {
        if (sinceReached is not null)
        {
            Interlocked.Decrement(ref _waiting);
            if (end is CallEnd.Refused or CallEnd.NoStream)
            {
                // Its connection took the bytes but the gateway closed it unread, or the attacker withdrew it at the
                // hold's end before the gateway held it: it was never one the gateway held.
                Interlocked.Decrement(ref _reached);
            }
        }
        switch (end)
        {
            case CallEnd.Cut:
                Interlocked.Increment(ref _cut);
                CutAfter.Record(sinceReached ?? TimeSpan.Zero);
                break;
            case CallEnd.Refused:
                Interlocked.Increment(ref _refused);
                break;
            case CallEnd.Answered:
                Interlocked.Increment(ref _answered);
                break;
            case CallEnd.LeftOpen:
                Interlocked.Increment(ref _leftOpen);
                break;
            case CallEnd.NoStream:
                Interlocked.Increment(ref _noStream);
                break;
        }
    }
}
