namespace Wickr.Cluster.Load;

/// <summary>CPU time per role (load generator, gateways, silos) at one instant, and the difference of two.</summary>
internal sealed record CpuSample(TimeSpan Bench, TimeSpan Gateways, TimeSpan Silos)
{
    public TimeSpan Total => Bench + Gateways + Silos;

    public static CpuSample Take(int[] gatewayPids, int[] siloPids) => new(
        ProcessCpu.Read(Environment.ProcessId),
        TimeSpan.FromTicks(gatewayPids.Sum(p => ProcessCpu.Read(p).Ticks)),
        TimeSpan.FromTicks(siloPids.Sum(p => ProcessCpu.Read(p).Ticks)));

    public static CpuSample operator -(CpuSample after, CpuSample before) =>
        new(after.Bench - before.Bench, after.Gateways - before.Gateways, after.Silos - before.Silos);
}
