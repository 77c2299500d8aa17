namespace Wickr.Cluster.LoadTest.Metrics;

/// <summary>Recipient pool levels at one moment: lowest, 10th percentile, median.</summary>
internal sealed record PoolLevels(int Min, int P10, int Median);
