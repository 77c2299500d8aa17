using System.Text.RegularExpressions;

namespace Wickr.Cluster.Architecture.Tests;

/// <summary>
/// The README a newcomer reads: short, with the sections they need, every relative link leading to a file of the
/// repository; and no document refers to an issue number, which means nothing to a reader of the repository.
/// </summary>
public sealed partial class DocumentationTests
{
    private static readonly string[] ReadmeSections =
    [
        "## Prerequisites", "## Five minutes", "## Two commands", "## Ports", "## Stop and reset", "## Troubleshooting",
        "## Layout", "## Documentation",
    ];

    [Fact]
    public void The_readme_is_at_most_200_lines_with_the_sections_a_newcomer_needs()
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.Root, "README.md"));

        Assert.InRange(lines.Length, 1, 200);
        foreach (var section in ReadmeSections)
        {
            Assert.Contains(lines, line => line.StartsWith(section, StringComparison.Ordinal));
        }
        Assert.Contains(lines, line => line.Contains("dotnet run --project src/Silo", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("dotnet test Wickr.Cluster.sln --filter \"Category!=Slow\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_relative_link_of_the_documents_leads_to_a_file_of_the_repository()
    {
        var broken = new List<string>();
        foreach (var document in Documents())
        {
            foreach (Match link in RelativeLink().Matches(File.ReadAllText(document)))
            {
                var target = link.Groups["path"].Value;
                if (!File.Exists(Path.Combine(Path.GetDirectoryName(document)!, target)))
                {
                    broken.Add($"{Path.GetRelativePath(Repository.Root, document)}: {target}");
                }
            }
        }

        Assert.Empty(broken);
    }

    [Fact]
    public void No_document_refers_to_an_issue_number()
    {
        var references = Documents()
            .SelectMany(document => File.ReadLines(document).Select((line, i) => (document, line, number: i + 1)))
            .Where(entry => IssueReference().IsMatch(entry.line))
            .Select(entry => $"{Path.GetRelativePath(Repository.Root, entry.document)}:{entry.number}: {entry.line.Trim()}")
            .ToList();

        Assert.Empty(references);
    }

    private static IEnumerable<string> Documents() =>
        Directory.EnumerateFiles(Repository.Root, "*.md", SearchOption.AllDirectories)
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "build" or "node_modules" or ".git"));

    // [text](path) or [text](path#anchor) with a path that is not a URL.
    [GeneratedRegex(@"\]\((?<path>(?!https?:|mailto:|#)[^)#\s]+)(#[^)]*)?\)")]
    private static partial Regex RelativeLink();

    [GeneratedRegex(@"\bissues? ?#?\d+\b|/issues/\d+", RegexOptions.IgnoreCase)]
    private static partial Regex IssueReference();
}
