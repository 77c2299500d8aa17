namespace Wickr.Cluster.LoadTest.Metrics;

/// <summary>What happened in one second of the run (counts are of that second; latencies in ms, 0 when none).</summary>
internal sealed record SecondSample(
    int Second,
    double TargetRate,
    long Scheduled,
    long Dropped,
    long Completed,
    long Failed,
    long Claims,
    long OneTime,
    long LastResort,
    long Refused,
    long Sends,
    long LowSignals,
    long KeysUploaded,
    long InFlight,
    double ClaimP50,
    double ClaimP99,
    double SendP99,
    double ClaimKeysRpcP99,
    int PoolMin,
    int PoolP10,
    int PoolMedian)
{
    /// <summary>Last-resort hand-outs per key handed out in this second (0 when none).</summary>
    public double LastResortRatio => OneTime + LastResort == 0 ? 0 : (double)LastResort / (OneTime + LastResort);
}
