using System.Diagnostics;
using System.Reflection;

namespace Wickr.Cluster.EndToEnd.Tests.Cli;

/// <summary>A built command-line tool of the repository (<c>wickr-admin</c>, the shipped <c>wickr</c>) run as a process to its end.</summary>
internal static class BuiltTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>The tool named by assembly metadata <paramref name="key"/> (<c>WickrAdminAssembly</c>, <c>CliAssembly</c>).</summary>
    public static string Path(string key) =>
        typeof(BuiltTool).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    /// <summary>Runs <c>dotnet &lt;tool&gt; <paramref name="arguments"/></c> in <paramref name="workingDirectory"/>, with no WICKR_* variable but <paramref name="environment"/>.</summary>
    public static async Task<CliRun> RunAsync(string key, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path(key));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("WICKR_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(variable);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = new RunningCli(start, arguments);
        return await process.WaitAsync(Timeout);
    }

    /// <summary><c>wickr-admin</c> in <paramref name="workingDirectory"/>.</summary>
    public static Task<CliRun> AdminAsync(string workingDirectory, params string[] arguments) =>
        RunAsync("WickrAdminAssembly", workingDirectory, new Dictionary<string, string>(), arguments);
}
