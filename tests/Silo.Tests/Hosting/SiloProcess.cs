using System.Diagnostics;
using System.Globalization;
using System.Text;
using Wickr.Cluster.Testing;

namespace Wickr.Cluster.Silo.Tests.Hosting;

/// <summary>The built silo run as its own process (<c>dotnet Wickr.Cluster.Silo.dll</c>) on free loopback ports.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output;

    private SiloProcess(Process process, StringBuilder output, Uri baseAddress)
    {
        this.process = process;
        this.output = output;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>What the process printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts the silo built beside these tests (same configuration) with <paramref name="environment"/> added.</summary>
    public static SiloProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        var assembly = SiloAssemblyPath();
        var ports = Azurite.FreeLoopbackPorts(4);
        var baseAddress = new Uri($"http://127.0.0.1:{ports[0]}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        start.Environment["Kestrel__Endpoints__Http__Url"] = baseAddress.ToString();
        start.Environment["Silo__SiloPort"] = ports[1].ToString(CultureInfo.InvariantCulture);
        start.Environment["Silo__GatewayPort"] = ports[2].ToString(CultureInfo.InvariantCulture);
        start.Environment["Wickr__Gateway__Urls"] = $"http://127.0.0.1:{ports[3]}";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the silo.");
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SiloProcess(process, output, baseAddress);
    }

    /// <summary>Asks the silo to stop as an orchestrator would (SIGTERM) and waits for it to exit.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (!process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    /// <summary>src/Silo/bin/&lt;configuration&gt;/net10.0/Wickr.Cluster.Silo.dll of this checkout, built with these tests.</summary>
    private static string SiloAssemblyPath()
    {
        // The tests run from tests/Silo.Tests/bin/<configuration>/<tfm>/.
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var path = Path.Combine(Azurite.FindRepositoryRoot(), "src", "Silo", "bin", configuration, framework, "Wickr.Cluster.Silo.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("The silo is not built beside the tests.", path);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
