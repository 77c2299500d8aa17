using System.Diagnostics;

namespace Wickr.Cluster.Testing;

/// <summary>
/// The previous release's silo and gateway, built from this repository's history: the commit named in
/// <c>deploy/local/previous-release</c> is exported with <c>git archive</c> into a folder under the temp directory and
/// built there (Release), once per machine; later runs find the build and reuse it.
/// </summary>
public static class PreviousRelease
{
    /// <summary>The tracked file that names the previous release's commit.</summary>
    public const string CommitFile = "deploy/local/previous-release";

    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>The commit in <see cref="CommitFile"/>, resolved to its full hash; fails clearly when the history does not hold it.</summary>
    public static async Task<string> CommitAsync()
    {
        var file = Path.Combine(TestRepository.Root, CommitFile);
        var named = (await File.ReadAllLinesAsync(file))
            .Select(line => line.Trim())
            .FirstOrDefault(line => line.Length > 0 && !line.StartsWith('#'))
            ?? throw new InvalidOperationException($"{CommitFile} names no commit.");
        var (code, output) = await RunAsync("git", ["-C", TestRepository.Root, "rev-parse", "--verify", "--quiet", named + "^{commit}"], TestRepository.Root);
        if (code != 0)
        {
            throw new InvalidOperationException(
                $"The previous release {named} ({CommitFile}) is not in this checkout's git history; fetch it (git fetch --unshallow) to run the rolling-upgrade test.");
        }
        return output.Trim();
    }

    /// <summary>Builds the previous release (or finds it built) and returns its silo and gateway.</summary>
    public static async Task<ClusterBuildOutput> BuildAsync(Action<string>? progress = null)
    {
        var commit = await CommitAsync();
        var directory = Path.Combine(Path.GetTempPath(), "wickr-release-" + commit[..12]);
        var build = new ClusterBuildOutput(
            commit[..7],
            Path.Combine(directory, "src", "Silo", "bin", "Release", "net10.0", "Wickr.Cluster.Silo.dll"),
            Path.Combine(directory, "src", "Gateway", "bin", "Release", "net10.0", "Wickr.Cluster.Gateway.dll"));
        var done = Path.Combine(directory, ".built");
        await Gate.WaitAsync();
        try
        {
            if (File.Exists(done) && File.Exists(build.SiloAssembly) && File.Exists(build.GatewayAssembly))
            {
                return build;
            }
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
            Directory.CreateDirectory(directory);
            progress?.Invoke($"exporting {commit[..12]} into {directory} ...");
            var (code, output) = await RunAsync("bash", ["-c", "git -C \"$0\" archive --format=tar \"$1\" | tar -x -C \"$2\"", TestRepository.Root, commit, directory], directory);
            if (code != 0)
            {
                throw new InvalidOperationException($"git archive of {commit} failed ({code}): {output}");
            }
            // The silo references the gateway, so building it builds both; a release whose silo does not is still
            // built whole. The release's own CI ran its analyzers: here they are skipped (source generators still
            // run), and warnings of this machine's SDK, newer than the release's maybe, do not stop its build.
            foreach (var (project, assembly) in new[] { ("src/Silo/Silo.csproj", build.SiloAssembly), ("src/Gateway/Gateway.csproj", build.GatewayAssembly) })
            {
                if (File.Exists(assembly))
                {
                    continue;
                }
                progress?.Invoke($"building {project} of {commit[..12]} ...");
                (code, output) = await RunAsync(
                    "dotnet", ["build", project, "-c", "Release", "--nologo", "-v", "q", "-p:RunAnalyzers=false", "-p:TreatWarningsAsErrors=false"], directory);
                if (code != 0)
                {
                    throw new InvalidOperationException($"building {project} of the previous release {commit} failed ({code}):\n{output}");
                }
            }
            await File.WriteAllTextAsync(done, commit);
            return build;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
