namespace Wickr.Cluster.Testing;

/// <summary>The checkout this test run was built from, and the host builds in it.</summary>
public static class TestRepository
{
    /// <summary>The nearest folder above the test binaries that holds Wickr.Cluster.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// <c>src/&lt;project&gt;/bin/&lt;configuration&gt;/&lt;tfm&gt;/&lt;assemblyFile&gt;</c>, the configuration and target framework being
    /// those of the running test binaries (a project reference with ReferenceOutputAssembly=false builds it first).
    /// </summary>
    public static string BuiltHost(string project, string assemblyFile)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(Root, "src", project, "bin", output.Parent!.Name, output.Name, assemblyFile);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{assemblyFile} is not built beside the tests.", path);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Wickr.Cluster.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Wickr.Cluster.sln above {AppContext.BaseDirectory}.");
    }
}
