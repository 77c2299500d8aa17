namespace Wickr.Cluster.LoadTest.Scenarios;

/// <summary>The target rate at each moment of a run: constant, a linear ramp, with an optional burst on top.</summary>
internal sealed class RateSchedule(Scenario scenario)
{
    /// <summary>Operations per second wanted at <paramref name="seconds"/> after the start.</summary>
    public double RateAt(double seconds)
    {
        if (scenario.Burst is { } burst && seconds >= burst.AtSeconds && seconds < burst.AtSeconds + burst.Seconds)
        {
            return burst.Rate;
        }
        return scenario.RampTo is { } end
            ? scenario.Rate + ((end - scenario.Rate) * Math.Clamp(seconds / scenario.DurationSeconds, 0, 1))
            : scenario.Rate;
    }
}
