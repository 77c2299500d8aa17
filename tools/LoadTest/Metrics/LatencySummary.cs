namespace Wickr.Cluster.LoadTest.Metrics;

/// <summary>Percentiles of a latency histogram in milliseconds.</summary>
internal sealed record LatencySummary(long Count, double P50, double P90, double P99, double P999, double Max);
