using Wickr.Cluster.LoadTest.Metrics;

namespace Wickr.Cluster.LoadTest.Tests;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_are_never_below_the_exact_value_and_within_two_percent_above()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 50_000).Select(_ => (long)Math.Exp(random.NextDouble() * 20)).ToArray();
        var histogram = new LatencyHistogram();
        foreach (var value in values)
        {
            histogram.RecordMicroseconds(value);
        }
        Array.Sort(values);

        Assert.Equal(values.Length, histogram.Count);
        Assert.Equal(values[^1], histogram.MaxMicroseconds);
        foreach (var percentile in new[] { 1, 10, 50, 90, 99, 99.9, 100 })
        {
            var exact = values[(int)Math.Ceiling(percentile / 100 * values.Length) - 1];
            var reported = histogram.PercentileMicroseconds(percentile);
            Assert.InRange(reported, exact, Math.Max(exact + 1, (long)(exact * 1.016) + 1));
        }
    }

    [Fact]
    public void Buckets_are_contiguous_and_cover_every_value()
    {
        var previousEdge = -1L;
        for (var index = 0; index < 2_000; index++)
        {
            var edge = LatencyHistogram.UpperEdge(index);
            Assert.True(edge > previousEdge);
            Assert.Equal(index, LatencyHistogram.IndexOf(previousEdge + 1));
            Assert.Equal(index, LatencyHistogram.IndexOf(edge));
            previousEdge = edge;
        }
    }

    [Fact]
    public void An_empty_histogram_reports_zero()
    {
        var summary = new LatencyHistogram().Summary();

        Assert.Equal(new LatencySummary(0, 0, 0, 0, 0, 0), summary);
    }
}
