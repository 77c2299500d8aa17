namespace Wickr.Cluster.Load;

/// <summary>What one phase measured.</summary>
internal sealed record PhaseResult(string Name, long Operations, double Seconds, double P50Milliseconds, double P99Milliseconds)
{
    public double PerSecond => Operations / Seconds;
}
