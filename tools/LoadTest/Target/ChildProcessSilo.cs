using System.Diagnostics;
using System.Reflection;

namespace Wickr.Cluster.LoadTest.Target;

/// <summary>
/// An embedded silo in a child process of this tool (its hidden <c>serve-embedded</c> command), so the load
/// generator and the cluster do not share a process. The child stops when its standard input closes.
/// </summary>
internal sealed class ChildProcessSilo : IEmbeddedCluster
{
    /// <summary>The line the child prints once its gateway serves.</summary>
    public const string ReadyPrefix = "wickr-load embedded gateway ";

    private readonly Process _process;

    private ChildProcessSilo(Process process, Uri gateway)
    {
        _process = process;
        Gateway = gateway;
    }

    public Uri Gateway { get; }

    public static async Task<ChildProcessSilo> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var entry = Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("no entry assembly to start the child silo from");
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(entry);
        }
        start.ArgumentList.Add("serve-embedded");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add("--setting");
            start.ArgumentList.Add($"{key}={value}");
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {host}");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
                {
                    var gateway = new Uri(line[ReadyPrefix.Length..].Trim());
                    // Keep reading so the child never blocks on a full pipe.
                    _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
                    return new ChildProcessSilo(process, gateway);
                }
            }
            throw new InvalidOperationException($"the embedded silo process exited (code {(process.HasExited ? process.ExitCode : -1)}) before serving");
        }
        catch
        {
            Stop(process);
            process.Dispose();
            throw;
        }
    }

    /// <summary>The child's side: serves until standard input closes.</summary>
    public static async Task<int> ServeAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        await using var silo = await InProcessSilo.StartAsync(settings, cancellationToken);
        Console.Out.WriteLine(ReadyPrefix + silo.Gateway);
        Console.Out.Flush();
        var stdin = Console.OpenStandardInput();
        var buffer = new byte[256];
        try
        {
            while (await stdin.ReadAsync(buffer, cancellationToken) > 0)
            {
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C: stop like on a closed input.
        }
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            Stop(_process);
        }
        _process.Dispose();
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }
}
