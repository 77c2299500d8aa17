using System.Globalization;

namespace Wickr.Cluster.LoadTest.Metrics;

/// <summary>A process's resident memory (VmRSS of /proc/PID/status): read now, or sampled in the background for the peak.</summary>
internal sealed class RssSampler(int pid)
{
    private long _peak;

    /// <summary>The highest reading since <see cref="RunAsync"/> started.</summary>
    public long Peak => Interlocked.Read(ref _peak);

    /// <summary>The latest reading.</summary>
    public long Last { get; private set; }

    /// <summary>Reads every <paramref name="every"/> until <paramref name="stop"/>, keeping the peak.</summary>
    public async Task RunAsync(TimeSpan every, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(every);
        do
        {
            var now = Read();
            Last = now;
            if (now > Interlocked.Read(ref _peak))
            {
                Interlocked.Exchange(ref _peak, now);
            }
        }
        while (await Tick(timer, stop));
    }

    /// <summary>The lowest of <paramref name="readings"/> readings half a second apart: the GC runs on its own schedule.</summary>
    public async Task<long> SettledAsync(int readings, CancellationToken cancellationToken)
    {
        var lowest = long.MaxValue;
        for (var i = 0; i < readings; i++)
        {
            await Task.Delay(500, cancellationToken);
            lowest = Math.Min(lowest, Read());
        }
        return lowest;
    }

    /// <summary>VmRSS in bytes now.</summary>
    public long Read()
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        throw new InvalidOperationException($"process {pid} reports no VmRSS");
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
