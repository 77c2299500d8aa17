namespace Wickr.Cluster.LoadTest.Chaos;

/// <summary>A chaos action as it happened: when it was due, began and ended (seconds into the run) and what it did.</summary>
internal sealed record ChaosEvent(string Action, double DueSeconds, double StartedSeconds, double EndedSeconds, string Detail)
{
    /// <summary>Operations that ended from this action's start until the next action's (or the run's end).</summary>
    public int Operations { get; init; }

    /// <summary>Of those, the failed ones.</summary>
    public int FailedOperations { get; init; }

    /// <summary>
    /// Seconds from the action's start until the last failed operation of its window ended: from then on every
    /// operation succeeded (0 when none failed). The "time until sends succeed again".
    /// </summary>
    public double SendsSucceedAgainAfterSeconds { get; init; }
}
