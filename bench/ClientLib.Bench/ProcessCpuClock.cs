using System.Runtime.InteropServices;
using Perfolizer.Horology;

namespace Wickr.Cluster.Bench;

/// <summary>
/// A BenchmarkDotNet clock that reads the CPU time of the whole benchmark process (all its threads), in nanoseconds.
/// The machine this runs on is shared, and wall time under a busy neighbour measures the neighbour; CPU time measures
/// what an operation costs, which is what the protocol/raw ratios compare. Wall time stays the clock of the latency
/// benchmarks, where spreading work over the cores is the point.
/// </summary>
public sealed partial class ProcessCpuClock : IClock
{
    private const int ClockProcessCpuTimeId = 2; // CLOCK_PROCESS_CPUTIME_ID

    /// <inheritdoc />
    public string Title => "Process CPU time";

    /// <inheritdoc />
    public bool IsAvailable => OperatingSystem.IsLinux();

    /// <inheritdoc />
    public Frequency Frequency => Frequency.GHz;

    /// <inheritdoc />
    public long GetTimestamp()
    {
        if (clock_gettime(ClockProcessCpuTimeId, out var time) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed");
        }

        return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int clock_gettime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
