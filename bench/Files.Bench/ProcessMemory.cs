using System.Globalization;

namespace Wickr.Cluster.FilesBench;

/// <summary>
/// Resident memory (VmRSS from /proc) of the silo and gateway processes of one cluster, sampled every 10 ms in the
/// background to catch the peak of a transfer.
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
