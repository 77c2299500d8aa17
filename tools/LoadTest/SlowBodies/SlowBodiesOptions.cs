using System.Globalization;
using System.Net;

namespace Wickr.Cluster.LoadTest.SlowBodies;

/// <summary>What <c>wickr-load slow-bodies</c> opens, against which gateway, and the growth it tolerates.</summary>
/// <param name="Connections">HTTP/2 connections the attacker opens.</param>
/// <param name="Streams">Unfinished calls each connection holds at once.</param>
/// <param name="Sources">Loopback source addresses (127.0.1.x) the connections spread over.</param>
/// <param name="Hold">How long each stream slot opens a new unfinished call after the gateway cut the last.</param>
/// <param name="MaxGrowthBytes">Most gateway RSS growth (peak − before) the run accepts.</param>
/// <param name="Target">The gateway to attack, or null to start a silo and a gateway process (embedded).</param>
/// <param name="GatewayPid">The target gateway's process id on this machine, for its VmRSS.</param>
internal sealed record SlowBodiesOptions(int Connections, int Streams, int Sources, TimeSpan Hold, long MaxGrowthBytes, Uri? Target, int? GatewayPid)
{
    /// <summary>The address connection <paramref name="connection"/> leaves from: 127.0.1.1 and up, round-robin.</summary>
    public IPAddress SourceOf(int connection) => new([127, 0, 1, (byte)(1 + (connection % Sources))]);

    public IEnumerable<string> Problems(bool embedded)
    {
        if (Connections is < 1 or > 10_000) yield return "--connections must be 1 to 10,000";
        if (Streams is < 1 or > 1000) yield return "--streams must be 1 to 1000";
        if (Sources is < 1 or > 254) yield return "--sources must be 1 to 254";
        if (Hold <= TimeSpan.Zero || Hold > TimeSpan.FromHours(1)) yield return "--hold must be a duration from 1ms to 1h, e.g. 30s";
        if (MaxGrowthBytes < 0) yield return "--max-growth must be a size, e.g. 64MiB";
        if (embedded == (Target is not null)) yield return "give either --embedded or --target URL (with --gateway-pid)";
        if (Target is not null)
        {
            if (Target.Scheme is not ("http" or "https")) yield return "--target must be an http:// or https:// gateway URL";
            if (GatewayPid is not { } pid || !File.Exists($"/proc/{pid}/status")) yield return "--target needs --gateway-pid: the id of the gateway process on this machine";
            if (!IPAddress.TryParse(Target.Host, out var host) || !IPAddress.IsLoopback(host)) yield return "--target must be a loopback gateway (127.0.0.1): the connections leave from 127.0.1.x";
        }
        else if (GatewayPid is not null)
        {
            yield return "--gateway-pid goes with --target";
        }
    }

    /// <summary>Parses "64MiB", "512KiB", "1GiB", "64MB" or a bare number of bytes; null when it is not a size.</summary>
    public static long? ParseBytes(string text)
    {
        text = text.Trim();
        (string Suffix, long Factor)[] units = [("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("kB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("B", 1)];
        var factor = 1L;
        foreach (var (suffix, value) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                factor = value;
                text = text[..^suffix.Length].TrimEnd();
                break;
            }
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= 0 && number * factor < long.MaxValue
            ? (long)(number * factor)
            : null;
    }
}
