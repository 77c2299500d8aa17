using System.Globalization;
using Wickr.Cluster.LoadTest.Reporting;

namespace Wickr.Cluster.LoadTest.Running;

/// <summary>A service-level objective given on the command line: a limit and how to read the run's value.</summary>
internal sealed record Slo(string Name, double Limit, bool IsLatency, Func<RunReport, double> Actual)
{
    public SloResult Check(RunReport report)
    {
        var actual = Actual(report);
        return new SloResult(Name, Format(Limit), Format(actual), actual <= Limit);
    }

    private string Format(double value) => IsLatency
        ? string.Create(CultureInfo.InvariantCulture, $"{value:0.###} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{value * 100:0.####} %");

    /// <summary>The SLO options: name, help, whether the value is a duration (else a percentage), and the run's value.</summary>
    public static IReadOnlyList<(string Option, string Help, bool IsLatency, Func<RunReport, double> Actual)> Known { get; } =
    [
        ("--max-last-resort", "most last-resort hand-outs per claim, e.g. 0.1%", false, r => r.Claims.LastResortRatio),
        ("--max-refused", "most refused claims per claim, e.g. 1%", false, r => r.Claims.RefusedRatio),
        ("--max-errors", "most failed operations per finished operation, e.g. 0.5%", false, r => r.Operations.FailedRatio),
        ("--max-dropped", "most operations dropped at the in-flight bound per scheduled one, e.g. 0%", false, r => r.Operations.DroppedRatio),
        ("--p99-claim", "p99 from the scheduled time to the claim's answer, e.g. 50ms", true, r => r.Latency["claim"].P99),
        ("--p999-claim", "p99.9 from the scheduled time to the claim's answer, e.g. 200ms", true, r => r.Latency["claim"].P999),
        ("--p99-send", "p99 from the scheduled time to the send's end, e.g. 250ms", true, r => r.Latency["send"].P99),
        ("--p99-replenish-lag", "p99 from a pool-low signal to the keys uploaded, e.g. 2s", true, r => r.Replenishment.Lag.P99),
    ];

    /// <summary>Parses "0.1%" (or a bare fraction 0.001) into a fraction; null when it is not one.</summary>
    public static double? ParsePercent(string text)
    {
        text = text.Trim();
        var percent = text.EndsWith('%');
        var number = percent ? text[..^1] : text;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || double.IsNaN(value))
        {
            return null;
        }
        return percent ? value / 100 : value;
    }

    /// <summary>Parses "50ms", "2s", "5m", "1h", "7d", "1.5s" (a bare number is seconds); null when it is not a duration.</summary>
    public static TimeSpan? ParseDuration(string text) => ClientLib.Client.DurationText.Parse(text);
}
