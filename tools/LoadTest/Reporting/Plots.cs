using ScottPlot;

namespace Wickr.Cluster.LoadTest.Reporting;

/// <summary>PNG plots over the run's seconds: pool levels, last-resort ratio, latency.</summary>
internal static class Plots
{
    public const int Width = 1000;
    public const int Height = 500;
    public const string PoolLevelsFile = "pool-levels.png";
    public const string LastResortFile = "last-resort.png";
    public const string LatencyFile = "latency.png";

    public static IReadOnlyList<string> Write(RunReport report, string folder)
    {
        var seconds = report.PerSecond.Select(s => (double)s.Second).ToArray();
        Save(folder, PoolLevelsFile, $"{report.Scenario.Name}: recipient pool levels", "one-time keys",
            seconds, ("min", report.PerSecond.Select(s => (double)s.PoolMin)), ("p10", report.PerSecond.Select(s => (double)s.PoolP10)),
            ("median", report.PerSecond.Select(s => (double)s.PoolMedian)));
        Save(folder, LastResortFile, $"{report.Scenario.Name}: last-resort hand-outs per key handed out", "ratio",
            seconds, ("last-resort ratio", report.PerSecond.Select(s => s.LastResortRatio)));
        Save(folder, LatencyFile, $"{report.Scenario.Name}: latency from the scheduled time", "ms",
            seconds, ("claim p50", report.PerSecond.Select(s => s.ClaimP50)), ("claim p99", report.PerSecond.Select(s => s.ClaimP99)),
            ("send p99", report.PerSecond.Select(s => s.SendP99)));
        return [PoolLevelsFile, LastResortFile, LatencyFile];
    }

    private static void Save(string folder, string file, string title, string unit, double[] xs, params (string Label, IEnumerable<double> Ys)[] series)
    {
        var plot = new Plot();
        try
        {
            foreach (var (label, values) in series)
            {
                // A run too short for one whole second still gets a plot (one point at zero).
                var ys = values.ToArray();
                var line = xs.Length == 0 ? plot.Add.Scatter(new double[] { 0 }, new double[] { 0 }) : plot.Add.Scatter(xs, ys);
                line.LegendText = label;
                line.MarkerSize = xs.Length > 60 ? 0 : 4;
            }
            plot.Title(title);
            plot.XLabel("seconds");
            plot.YLabel(unit);
            plot.ShowLegend();
            plot.SavePng(Path.Combine(folder, file), Width, Height);
        }
        finally
        {
            plot.Dispose();
        }
    }
}
