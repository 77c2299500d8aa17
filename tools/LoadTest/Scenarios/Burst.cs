namespace Wickr.Cluster.LoadTest.Scenarios;

/// <summary>A stretch of the run at another rate: from <paramref name="AtSeconds"/> for <paramref name="Seconds"/>, <paramref name="Rate"/> operations per second.</summary>
internal sealed record Burst(double AtSeconds, double Seconds, double Rate);
