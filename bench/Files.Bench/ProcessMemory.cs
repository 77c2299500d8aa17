using System.Globalization;

namespace Wickr.Cluster.FilesBench;

/// <summary>
/// Resident memory of the silo and gateway processes of one cluster, found in /proc by their assembly and the
/// cluster's unique service id, sampled in the background to catch the peak of a transfer.
/// </summary>
internal sealed class ProcessMemory : IAsyncDisposable
{
    private readonly int[] _pids;
    private readonly long[] _peaks;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;

    public ProcessMemory(IReadOnlyList<(string Name, int Pid)> processes)
    {
        Names = [.. processes.Select(p => p.Name)];
        _pids = [.. processes.Select(p => p.Pid)];
        _peaks = new long[_pids.Length];
        _sampler = Task.Run(SampleAsync);
    }

    public string[] Names { get; }

    /// <summary>The dotnet processes whose command line names <paramref name="assemblyFileName"/> and whose environment holds <paramref name="marker"/>.</summary>
    public static int FindPid(string assemblyFileName, string marker)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (cmdline.StartsWith("dotnet\0", StringComparison.Ordinal) && cmdline.Contains(assemblyFileName, StringComparison.Ordinal)
                    && File.ReadAllText(Path.Combine(dir, "environ")).Contains(marker, StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        throw new InvalidOperationException($"no process of {assemblyFileName} with {marker}");
    }

    /// <summary>Resident bytes now, per process.</summary>
    public long[] Current() => [.. _pids.Select(Rss)];

    /// <summary>The highest resident bytes seen since the last reset, per process.</summary>
    public long[] TakePeaks()
    {
        lock (_peaks)
        {
            var peaks = (long[])_peaks.Clone();
            Array.Clear(_peaks);
            return peaks;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampler;
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var now = Current();
            lock (_peaks)
            {
                for (var i = 0; i < now.Length; i++)
                {
                    _peaks[i] = Math.Max(_peaks[i], now[i]);
                }
            }
            try
            {
                await Task.Delay(10, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static long Rss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }
}
