using System.Diagnostics;
using System.Text;

namespace Wickr.Cluster.EndToEnd.Tests.Cli;

/// <summary>A <c>wickr</c> process still running (listen, or a send paused at a fault point), its output collected.</summary>
internal sealed class RunningCli : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly string[] _arguments;

    public RunningCli(ProcessStartInfo start, string[] arguments)
    {
        _arguments = arguments;
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Waits until stderr shows <paramref name="text"/> (the process announces that it is ready or paused).</summary>
    public async Task WaitForStderrAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Stderr.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"wickr {string.Join(' ', _arguments)} exited ({_process.ExitCode}) before '{text}':\n{Stderr}\n{_stdout}");
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"wickr {string.Join(' ', _arguments)} did not print '{text}' in {timeout}:\n{Stderr}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL: no cleanup of any kind runs in the process.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async Task<CliRun> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"wickr {string.Join(' ', _arguments)} still ran after {timeout}:\n{Stderr}");
        }
        _process.WaitForExit();
        lock (_stdout)
        {
            return new CliRun(_arguments, _process.ExitCode, _stdout.ToString(), Stderr);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }
        _process.Dispose();
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (builder)
        {
            builder.AppendLine(line);
        }
    }
}
