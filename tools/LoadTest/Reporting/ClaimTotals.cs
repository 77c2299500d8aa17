namespace Wickr.Cluster.LoadTest.Reporting;

/// <summary>Claims of the run, one per recipient node asked for: every one ends one-time, last-resort or refused.</summary>
internal sealed record ClaimTotals(long Requested, long OneTime, long LastResort, long Refused)
{
    /// <summary>Last-resort hand-outs per claim asked for (the key figure).</summary>
    public double LastResortRatio => Requested == 0 ? 0 : (double)LastResort / Requested;

    /// <summary>Refused claims per claim asked for.</summary>
    public double RefusedRatio => Requested == 0 ? 0 : (double)Refused / Requested;
}
