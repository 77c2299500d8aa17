using System.Diagnostics;

namespace Wickr.Cluster.Load;

/// <summary>
/// Runs one operation from several concurrent workers for a fixed time after a warm-up, and counts completions.
/// A worker stops early when its operation says there is nothing left to do (an exhausted key pool).
/// CPU per role is sampled when the warm-up ends and when the last worker stops.
/// With a rate (operations per second over all workers) each worker starts its operations on a fixed schedule instead
/// of back to back, so runs against different cluster shapes carry the same load; a latency is then counted from the
/// scheduled start, so a cluster that falls behind shows it in its percentiles rather than in a lower offered load.
/// </summary>
internal static class LoadPhase
{
    public static async Task<PhaseResult> RunAsync(
        string name, int workers, TimeSpan warmUp, TimeSpan duration, Func<int, Task<bool>> operation, Func<CpuSample> sampleCpu, double rate = 0)
    {
        var total = warmUp + duration;
        var clock = Stopwatch.StartNew();
        var latencies = new List<double>[workers];
        var counts = new long[workers];
        var lastCompletion = new double[workers];
        var cpuAtWarmUp = Task.Run(async () =>
        {
            await Task.Delay(warmUp);
            return sampleCpu();
        });
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            latencies[worker] = [];
            // Workers start their schedules spread over one interval, not all at once.
            var interval = rate > 0 ? TimeSpan.FromSeconds(workers / rate) : TimeSpan.Zero;
            var scheduled = interval * worker / workers;
            while (clock.Elapsed < total)
            {
                if (rate > 0)
                {
                    var wait = scheduled - clock.Elapsed;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait);
                    }
                }
                var started = rate > 0 ? scheduled : clock.Elapsed;
                scheduled += interval;
                if (!await operation(worker))
                {
                    return;
                }
                var ended = clock.Elapsed;
                if (started >= warmUp)
                {
                    counts[worker]++;
                    latencies[worker].Add((ended - started).TotalMilliseconds);
                    lastCompletion[worker] = (ended - warmUp).TotalSeconds;
                }
            }
        })));
        var cpu = sampleCpu() - await cpuAtWarmUp;
        var measured = Math.Min(duration.TotalSeconds, Math.Max(lastCompletion.Max(), 0.001));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new PhaseResult(name, counts.Sum(), measured, Percentile(all, 0.5), Percentile(all, 0.99), Percentile(all, 0.999)) { Cpu = cpu };
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, p * sorted.Length)];
}
