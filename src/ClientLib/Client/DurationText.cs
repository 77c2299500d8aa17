using System.Globalization;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// A duration as people write it on a command line: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>7d</c>, <c>1.5h</c>,
/// or a bare number of seconds. The one parser of <c>wickr</c> and <c>wickr-load</c>.
/// </summary>
public static class DurationText
{
    private static readonly (string Suffix, double Seconds)[] Units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)];

    /// <summary>What the parser takes, for error messages.</summary>
    public const string Examples = "a duration such as 30s, 5m, 1h or 7d (a bare number is seconds)";

    /// <summary>The duration <paramref name="text"/> says, or null when it is not one (negative, not a number, unknown unit, too long).</summary>
    public static TimeSpan? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        text = text.Trim();
        foreach (var (suffix, seconds) in Units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return FromSeconds(text[..^suffix.Length], seconds);
            }
        }
        return FromSeconds(text, 1);
    }

    private static TimeSpan? FromSeconds(string number, double unit)
    {
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value >= 0) || double.IsInfinity(value))
        {
            return null;
        }
        var seconds = value * unit;
        return seconds < TimeSpan.MaxValue.TotalSeconds / 2 ? TimeSpan.FromSeconds(seconds) : null;
    }
}
