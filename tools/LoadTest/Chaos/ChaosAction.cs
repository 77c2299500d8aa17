using System.Globalization;
using Wickr.Cluster.LoadTest.Running;

namespace Wickr.Cluster.LoadTest.Chaos;

/// <summary>One entry of <c>--chaos</c>: what (<see cref="ChaosKind"/>) and when, seconds into the run (<c>kill-silo@20s</c>).</summary>
internal sealed record ChaosAction(ChaosKind Kind, double AtSeconds)
{
    private static readonly IReadOnlyDictionary<string, ChaosKind> Names = new Dictionary<string, ChaosKind>(StringComparer.Ordinal)
    {
        ["kill-silo"] = ChaosKind.KillSilo,
        ["stop-silo"] = ChaosKind.StopSilo,
        ["roll"] = ChaosKind.Roll,
        ["kill-gateway"] = ChaosKind.KillGateway,
        ["stop-gateway"] = ChaosKind.StopGateway,
        ["replace-gateway"] = ChaosKind.ReplaceGateway,
        ["add-silo"] = ChaosKind.AddSilo,
    };

    /// <summary>The names <c>--chaos</c> takes.</summary>
    public static string Known => string.Join(", ", Names.Keys);

    /// <summary>The action's text, as it was given.</summary>
    public override string ToString() => $"{Names.First(n => n.Value == Kind).Key}@{AtSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s";

    /// <summary>
    /// Parses <c>kill-silo@20s,roll@40s,…</c> (entries may also come one per list element); every problem names the
    /// entry. The actions come back in time order.
    /// </summary>
    public static (IReadOnlyList<ChaosAction> Actions, IReadOnlyList<string> Problems) Parse(IEnumerable<string> entries)
    {
        var actions = new List<ChaosAction>();
        var problems = new List<string>();
        foreach (var entry in entries.SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var at = entry.IndexOf('@', StringComparison.Ordinal);
            if (at <= 0 || !Names.TryGetValue(entry[..at], out var kind))
            {
                problems.Add($"--chaos: '{entry}' is not ACTION@TIME with ACTION one of {Known} (e.g. kill-silo@20s)");
                continue;
            }
            if (Slo.ParseDuration(entry[(at + 1)..]) is not { } when || when < TimeSpan.Zero)
            {
                problems.Add($"--chaos: '{entry}': '{entry[(at + 1)..]}' is not a time into the run (e.g. 20s, 1m)");
                continue;
            }
            actions.Add(new ChaosAction(kind, when.TotalSeconds));
        }
        return ([.. actions.OrderBy(a => a.AtSeconds)], problems);
    }
}
