namespace Wickr.Cluster.LoadTest.Reporting;

/// <summary>One SLO given on the command line and how the run did against it.</summary>
internal sealed record SloResult(string Name, string Limit, string Actual, bool Met);
