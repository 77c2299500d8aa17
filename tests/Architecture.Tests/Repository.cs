using System.Text.Json;
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

    /// <summary>
    /// Everything the project of <paramref name="projectFile"/> reaches, from its restore's <c>obj/project.assets.json</c>
    /// (NuGet's resolved graph: every project and package of every chain of references, with the shared frameworks each asks for).
    /// </summary>
    public static Reach ReachOf(string projectFile)
    {
        var assets = Path.Combine(Path.GetDirectoryName(projectFile)!, "obj", "project.assets.json");
        if (!File.Exists(assets))
        {
            throw new FileNotFoundException($"{assets} is missing: restore the solution (dotnet restore Wickr.Cluster.sln) first.", assets);
        }

        return ReadAssets(assets);
    }

    /// <summary>The reach recorded in one <c>project.assets.json</c> (its only target framework).</summary>
    public static Reach ReadAssets(string assetsFile)
    {
        using var assets = JsonDocument.Parse(File.ReadAllBytes(assetsFile));
        var root = assets.RootElement;
        var target = root.GetProperty("targets").EnumerateObject().Single().Value;
        var libraries = root.GetProperty("libraries");
        var projects = new HashSet<string>(StringComparer.Ordinal);
        var packages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var frameworks = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var library in target.EnumerateObject())
        {
            var type = library.Value.GetProperty("type").GetString();
            if (type == "project")
            {
                // "../Protocol/Protocol.csproj": the folder names the project, as in SourceProjects.
                var path = libraries.GetProperty(library.Name).GetProperty("path").GetString()!;
                projects.Add(Path.GetFileName(Path.GetDirectoryName(path.Replace('\\', '/'))!));
            }
            else if (type == "package")
            {
                packages.Add(library.Name.Split('/')[0]);
            }

            if (library.Value.TryGetProperty("frameworkReferences", out var referenced))
            {
                frameworks.UnionWith(referenced.EnumerateArray().Select(framework => framework.GetString()!));
            }
        }

        foreach (var framework in root.GetProperty("project").GetProperty("frameworks").EnumerateObject())
        {
            if (framework.Value.TryGetProperty("frameworkReferences", out var own))
            {
                frameworks.UnionWith(own.EnumerateObject().Select(reference => reference.Name));
            }
        }

        // Every project runs on the base framework; what matters is what comes on top of it.
        frameworks.Remove("Microsoft.NETCore.App");
        return new Reach(projects, packages, frameworks);
    }

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
