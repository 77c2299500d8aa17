using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;

namespace Wickr.Cluster.Bench;

/// <summary>
/// The post-run table the README quotes: each protocol operation against the raw cost of its public-key primitives
/// measured in the same run, by median (a shared, busy machine disturbs it less than the mean). "raw" is the fastest
/// of the libcrypto and .NET baselines for 1 key generation + N ECDH + 1 signature (encode) or 1 verify + 1 parse +
/// 1 ECDH (decode); "raw+validation" adds the parses and verifies the scenario cannot skip (a fresh ephemeral key's
/// signature; a first contact's chain). Costs are process CPU time; a second table gives the warm encode's wall-clock
/// latency, where the parallel key exchanges show.
/// </summary>
internal static class RatioTable
{
    private static readonly int[] RecipientCounts = [1, 4, 16, 64];

    public static void Print(IReadOnlyList<Summary> summaries)
    {
        var medians = new Dictionary<string, double>();
        string? resultsDirectory = null;
        foreach (var summary in summaries)
        {
            resultsDirectory ??= summary.ResultsDirectoryPath;
            foreach (var report in summary.Reports)
            {
                if (report.ResultStatistics is not { } statistics)
                {
                    continue;
                }

                var benchmark = report.BenchmarkCase;
                var recipients = benchmark.Parameters.Items.FirstOrDefault(p => p.Name == "Recipients")?.Value;
                medians[Key(benchmark.Descriptor.Type.Name, benchmark.Descriptor.WorkloadMethod.Name, benchmark.Job.Id, recipients)] = statistics.Median / 1e6;
            }
        }

        var table = new StringBuilder()
            .AppendLine("| operation | N | backend | ms/op | raw ms | protocol/raw | raw+validation ms | protocol/(raw+validation) |")
            .AppendLine("|---|---:|---|---:|---:|---:|---:|---:|");
        var rows = 0;
        foreach (var backend in new[] { "managed", "auto" })
        {
            foreach (var (scenario, validation) in new[] { ("Warm", "OpenSslEncode"), ("FreshEphemeral", "OpenSslEncodeFreshEphemeral"), ("Cold", "OpenSslEncodeCold") })
            {
                foreach (var n in RecipientCounts)
                {
                    var raw = Fastest(medians, Get(medians, "RawBaselines", "OpenSslEncode", "auto", n), Get(medians, "RawBaselines", "DotNetEncode", "auto", n));
                    rows += Row(table, $"encode {scenario}", n.ToString(CultureInfo.InvariantCulture), backend,
                        Get(medians, "EncodeBenchmarks", scenario, backend, n), raw, Get(medians, "RawBaselines", validation, "auto", n));
                }
            }

            foreach (var (scenario, validation) in new[] { ("Warm", "OpenSslDecode"), ("Cold", "OpenSslDecodeCold") })
            {
                rows += Row(table, $"decode {scenario}", "1", backend,
                    Get(medians, "DecodeBenchmarks", scenario, backend, null), Get(medians, "RawDecodeBaselines", "OpenSslDecode", "auto", null),
                    Get(medians, "RawDecodeBaselines", validation, "auto", null));
            }
        }

        foreach (var n in RecipientCounts)
        {
            rows += Row(table, "raw .NET (keys preloaded)", n.ToString(CultureInfo.InvariantCulture), ".NET",
                Get(medians, "RawBaselines", "DotNetEncode", "auto", n), Get(medians, "RawBaselines", "OpenSslEncode", "auto", n), null);
        }

        var latency = new StringBuilder()
            .AppendLine("| encode Warm, wall clock | N | managed ms | auto ms | raw CPU ms (1 thread) | auto wall/raw |")
            .AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var n in RecipientCounts)
        {
            var managed = Get(medians, "EncodeLatencyBenchmarks", "Warm", "managed-wall", n);
            var auto = Get(medians, "EncodeLatencyBenchmarks", "Warm", "auto-wall", n);
            if (managed is null && auto is null)
            {
                continue;
            }

            var raw = Get(medians, "RawBaselines", "OpenSslEncode", "auto", n);
            latency.AppendLine(CultureInfo.InvariantCulture, $"| latency | {n} | {Format(managed)} | {Format(auto)} | {Format(raw)} | {Ratio(auto, raw)} |");
            rows++;
        }

        if (rows == 0)
        {
            return;
        }

        var text = table.ToString() + Environment.NewLine + latency;
        Console.WriteLine();
        Console.WriteLine("// Protocol cost against raw primitive cost (same run)");
        Console.WriteLine(text);
        if (resultsDirectory is not null)
        {
            var path = Path.Combine(resultsDirectory, "ratios.md");
            File.WriteAllText(path, text);
            Console.WriteLine($"// written to {path}");
        }
    }

    private static int Row(StringBuilder table, string operation, string n, string backend, double? protocol, double? raw, double? rawWithValidation)
    {
        if (protocol is null)
        {
            return 0;
        }

        table.AppendLine(CultureInfo.InvariantCulture,
            $"| {operation} | {n} | {backend} | {protocol:F3} | {Format(raw)} | {Ratio(protocol, raw)} | {Format(rawWithValidation)} | {Ratio(protocol, rawWithValidation)} |");
        return 1;
    }

    private static double? Fastest(Dictionary<string, double> medians, double? a, double? b)
        => medians.Count == 0 ? null : (a, b) switch
        {
            (null, _) => b,
            (_, null) => a,
            _ => Math.Min(a.Value, b.Value),
        };

    private static double? Get(Dictionary<string, double> medians, string type, string method, string job, int? recipients)
        => medians.TryGetValue(Key(type, method, job, recipients), out var median) ? median : null;

    private static string Key(string type, string method, string job, object? recipients)
        => string.Create(CultureInfo.InvariantCulture, $"{type}.{method}.{job}.{recipients}");

    private static string Format(double? value) => value is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "–";

    private static string Ratio(double? protocol, double? raw)
        => protocol is { } p && raw is { } r && r > 0 ? (p / r).ToString("F2", CultureInfo.InvariantCulture) + "×" : "–";
}
