using System.Xml.Linq;

namespace Wickr.Cluster.Architecture.Tests;

/// <summary>The repository this test binary was built from, and its project files.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>Every project under src/, by folder name.</summary>
    public static IReadOnlyDictionary<string, string> SourceProjects() =>
        Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetFileName(Path.GetDirectoryName(path)!), path => path);

    /// <summary>The folder names of the projects a project file references.</summary>
    public static IEnumerable<string> ProjectReferences(string projectFile) =>
        Items(projectFile, "ProjectReference")
            .Select(include => Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(projectFile)!, include.Replace('\\', '/'))))!));

    /// <summary>The package ids a project file references.</summary>
    public static IEnumerable<string> PackageReferences(string projectFile) => Items(projectFile, "PackageReference");

    private static IEnumerable<string> Items(string projectFile, string item) =>
        XDocument.Load(projectFile).Descendants(item).Select(element => (string?)element.Attribute("Include")).OfType<string>();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Wickr.Cluster.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Wickr.Cluster.sln not found above " + AppContext.BaseDirectory);
    }
}
