using System.Globalization;

namespace Wickr.Cluster.Load;

/// <summary>
/// What each role spends with no operation in flight (membership, timers, storage polling), as CPU per second of wall
/// time. A silo's idle work does not grow with the load, so on a box where the run gets little throughput it inflates
/// CPU per operation; subtracting it gives what each operation adds, which is what scale-out must not make costlier.
/// </summary>
internal sealed record IdleCpu(double BenchPerSecond, double GatewaysPerSecond, double SilosPerSecond)
{
    public static async Task<IdleCpu> MeasureAsync(Func<CpuSample> sampleCpu, TimeSpan duration)
    {
        var before = sampleCpu();
        await Task.Delay(duration);
        var spent = sampleCpu() - before;
        var seconds = duration.TotalSeconds;
        return new(spent.Bench.TotalMilliseconds / seconds, spent.Gateways.TotalMilliseconds / seconds, spent.Silos.TotalMilliseconds / seconds);
    }

    /// <summary>CPU ms per operation of one role above its idle rate over the phase (never below zero).</summary>
    public static double Above(PhaseResult phase, TimeSpan spent, double idlePerSecond, TimeSpan window) =>
        phase.Operations == 0 ? 0 : Math.Max(0, spent.TotalMilliseconds - (idlePerSecond * window.TotalSeconds)) / phase.Operations;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"idle CPU (ms per s): load {BenchPerSecond:F1}, gateway {GatewaysPerSecond:F1}, silos {SilosPerSecond:F1}");
}
