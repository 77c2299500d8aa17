using ScottPlot;

namespace Wickr.Cluster.LoadTest.Reporting;

/// <summary>
/// PNG plots over the run's seconds: pool levels (with the pool size and the low-water mark), last-resort ratio,
/// latency. Axes start at 0 (or at the data's minimum, should it be negative) and end at the data's maximum; the legend
/// sits beside the data, never over it.
/// </summary>
internal static class Plots
{
    public const int Width = 1100;
    public const int Height = 500;
    public const string PoolLevelsFile = "pool-levels.png";
    public const string LastResortFile = "last-resort.png";
    public const string LatencyFile = "latency.png";

    public static IReadOnlyList<string> Write(RunReport report, string folder)
    {
        var seconds = report.PerSecond.Select(s => (double)s.Second).ToArray();
        var scenario = report.Scenario;
        Save(folder, PoolLevelsFile, $"{scenario.Name}: recipient pool levels", "one-time keys", seconds,
            [("pool size", scenario.PoolSize), ("low-water mark", scenario.LowWaterMark)],
            ("min", report.PerSecond.Select(s => (double)s.PoolMin)), ("p10", report.PerSecond.Select(s => (double)s.PoolP10)),
            ("median", report.PerSecond.Select(s => (double)s.PoolMedian)));
        Save(folder, LastResortFile, $"{scenario.Name}: last-resort hand-outs per key handed out", "ratio", seconds, [],
            ("last-resort ratio", report.PerSecond.Select(s => s.LastResortRatio)));
        Save(folder, LatencyFile, $"{scenario.Name}: latency from the scheduled time", "ms", seconds, [],
            ("claim p50", report.PerSecond.Select(s => s.ClaimP50)), ("claim p99", report.PerSecond.Select(s => s.ClaimP99)),
            ("send p99", report.PerSecond.Select(s => s.SendP99)));
        return [PoolLevelsFile, LastResortFile, LatencyFile];
    }

    /// <summary>The vertical range: from 0 (or the lowest value, if below 0) to a little above the highest, never empty.</summary>
    internal static (double Bottom, double Top) YRange(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        var low = Math.Min(0, finite.Count == 0 ? 0 : finite.Min());
        var high = finite.Count == 0 ? 1 : finite.Max();
        return high <= low ? (low, low + 1) : (low, high + (high - low) * 0.05);
    }

    private static void Save(
        string folder, string file, string title, string unit, double[] xs, (string Label, double Y)[] levels,
        params (string Label, IEnumerable<double> Ys)[] series)
    {
        var plot = new Plot();
        try
        {
            var all = new List<double>();
            foreach (var (label, values) in series)
            {
                // A run too short for one whole second still gets a plot (one point at zero).
                var ys = values.ToArray();
                var line = xs.Length == 0 ? plot.Add.Scatter(new double[] { 0 }, new double[] { 0 }) : plot.Add.Scatter(xs, ys);
                line.LegendText = label;
                line.MarkerSize = xs.Length > 60 ? 0 : 4;
                all.AddRange(ys);
            }
            foreach (var (label, y) in levels)
            {
                var level = plot.Add.HorizontalLine(y);
                level.LegendText = label;
                level.LinePattern = LinePattern.Dashed;
                all.Add(y);
            }
            var (bottom, top) = YRange(all);
            plot.Axes.SetLimitsY(bottom, top);
            plot.Axes.SetLimitsX(0, Math.Max(1, xs.Length == 0 ? 1 : xs.Max()));
            plot.Title(title);
            plot.XLabel("seconds");
            plot.YLabel(unit);
            plot.ShowLegend(Edge.Right);
            plot.SavePng(Path.Combine(folder, file), Width, Height);
        }
        finally
        {
            plot.Dispose();
        }
    }
}
