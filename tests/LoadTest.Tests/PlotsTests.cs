using Wickr.Cluster.LoadTest.Reporting;

namespace Wickr.Cluster.LoadTest.Tests;

/// <summary>The plots' vertical axis: from 0, or the data's minimum when it is negative, to just above the maximum.</summary>
public sealed class PlotsTests
{
    [Theory]
    [InlineData(new[] { 3.0, 7.0, 5.0 }, 0.0, 7.35)]
    [InlineData(new[] { -2.0, 8.0 }, -2.0, 8.5)]
    [InlineData(new[] { 0.0, 0.0 }, 0.0, 1.0)]
    [InlineData(new double[0], 0.0, 1.05)]
    [InlineData(new[] { double.NaN, 4.0 }, 0.0, 4.2)]
    public void The_range_starts_at_zero_or_the_lowest_value(double[] values, double bottom, double top)
    {
        var (low, high) = Plots.YRange(values);
        Assert.Equal(bottom, low, 6);
        Assert.Equal(top, high, 6);
    }
}
