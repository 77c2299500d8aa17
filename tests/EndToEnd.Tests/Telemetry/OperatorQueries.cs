using System.Text.Json;
using System.Text.RegularExpressions;
using Wickr.Cluster.Testing;

namespace Wickr.Cluster.EndToEnd.Tests.Telemetry;

/// <summary>The PromQL an operator runs: every panel of deploy/grafana and every alert rule of deploy/prometheus.</summary>
internal static partial class OperatorQueries
{
    public static IReadOnlyList<(string Source, string Expression)> All()
    {
        var deploy = Path.Combine(TestRepository.Root, "deploy");
        var queries = new List<(string, string)>();
        foreach (var file in Directory.GetFiles(Path.Combine(deploy, "grafana"), "*.json"))
        {
            using var dashboard = JsonDocument.Parse(File.ReadAllText(file));
            Collect(dashboard.RootElement, Path.GetFileName(file), queries);
        }

        // Rule files: `expr: one line` or `expr: |` followed by a more-indented block.
        foreach (var file in Directory.GetFiles(Path.Combine(deploy, "prometheus"), "*.yaml"))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var match = ExprLine().Match(lines[i]);
                if (!match.Success)
                {
                    continue;
                }

                var value = match.Groups["value"].Value.Trim();
                if (value is "|" or ">")
                {
                    var indent = match.Groups["indent"].Value.Length;
                    var block = new List<string>();
                    while (i + 1 < lines.Length && (lines[i + 1].Length - lines[i + 1].TrimStart().Length > indent || lines[i + 1].Trim().Length == 0))
                    {
                        block.Add(lines[++i].Trim());
                    }

                    value = string.Join(" ", block);
                }

                queries.Add(($"{Path.GetFileName(file)}:{i + 1}", value));
            }
        }

        return queries;
    }

    private static void Collect(JsonElement element, string source, List<(string, string)> queries)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "expr" && property.Value.ValueKind == JsonValueKind.String)
                {
                    queries.Add((source, property.Value.GetString()!));
                }
                else
                {
                    Collect(property.Value, source, queries);
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, source, queries);
            }
        }
    }

    [GeneratedRegex(@"^(?<indent>\s*)expr:\s*(?<value>.*)$")]
    private static partial Regex ExprLine();
}
