namespace Wickr.Cluster.Load;

/// <summary>What one phase measured: completions, latency percentiles, and the CPU each role spent meanwhile.</summary>
internal sealed record PhaseResult(string Name, long Operations, double Seconds, double P50Milliseconds, double P99Milliseconds, double P999Milliseconds)
{
    public double PerSecond => Operations / Seconds;

    /// <summary>CPU spent during the measured part of the phase (after the warm-up), per role.</summary>
    public CpuSample Cpu { get; init; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    public double CpuMilliseconds(TimeSpan spent) => Operations == 0 ? 0 : spent.TotalMilliseconds / Operations;
}
