namespace Wickr.Cluster.LoadTest.Reporting;

/// <summary>The first second with a last-resort hand-out: the target rate then and the claims per second measured in it.</summary>
internal sealed record LastResortOnset(int Second, double TargetRate, long ClaimsPerSecond, long LastResort);
