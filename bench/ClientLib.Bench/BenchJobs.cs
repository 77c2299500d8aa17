using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;

namespace Wickr.Cluster.Bench;

/// <summary>
/// The jobs: short (one launch, 2 warm-up and 5 measured iterations of 150 ms) so the whole suite runs in a few
/// minutes on two cores. Cost jobs clock the process's CPU time (see <see cref="ProcessCpuClock"/>), latency jobs the
/// wall. Protocol benchmarks run once per P-521 backend, chosen the way a deployment would: through
/// <c>WICKR_CRYPTO_BACKEND</c> (job "managed" forces .NET's own; job "auto" is the default, libcrypto on Linux).
/// </summary>
internal static class BenchJobs
{
    public const string BackendVariable = "WICKR_CRYPTO_BACKEND";

    private static Job Short { get; } = Job.Default
        .WithLaunchCount(1)
        .WithWarmupCount(2)
        .WithIterationCount(5)
        .WithIterationTime(TimeInterval.FromMilliseconds(150));

    public static Job Cost(string backend) => Short.WithClock(new ProcessCpuClock()).WithEnvironmentVariable(BackendVariable, backend).WithId(backend);

    public static Job Latency(string backend) => Short.WithEnvironmentVariable(BackendVariable, backend).WithId(backend + "-wall");
}

/// <summary>CPU cost on the managed backend and on the default one.</summary>
public sealed class BothBackendsConfig : ManualConfig
{
    public BothBackendsConfig()
    {
        AddJob(BenchJobs.Cost("managed"));
        AddJob(BenchJobs.Cost("auto"));
    }
}

/// <summary>CPU cost on the default backend; for benchmarks that name their backend themselves.</summary>
public sealed class DefaultBackendConfig : ManualConfig
{
    public DefaultBackendConfig() => AddJob(BenchJobs.Cost("auto"));
}

/// <summary>Wall-clock latency on both backends, where the cores working in parallel is what is measured.</summary>
public sealed class LatencyConfig : ManualConfig
{
    public LatencyConfig()
    {
        AddJob(BenchJobs.Latency("managed"));
        AddJob(BenchJobs.Latency("auto"));
    }
}

/// <summary>The fan-out on the default backend by both clocks: the wall time it saves and the CPU time it costs.</summary>
public sealed class FanOutConfig : ManualConfig
{
    public FanOutConfig()
    {
        AddJob(BenchJobs.Latency("auto"));
        AddJob(BenchJobs.Cost("auto"));
    }
}
