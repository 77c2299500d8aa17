namespace Wickr.Cluster.LoadTest.Reporting;

/// <summary>Operations of the run: scheduled = dropped (in-flight bound reached) + completed + failed.</summary>
internal sealed record OperationTotals(long Scheduled, long Dropped, long Completed, long Failed, int MaxInFlight)
{
    public double DroppedRatio => Scheduled == 0 ? 0 : (double)Dropped / Scheduled;

    public double FailedRatio => Completed + Failed == 0 ? 0 : (double)Failed / (Completed + Failed);
}
