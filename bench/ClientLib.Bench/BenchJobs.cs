using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;

namespace Wickr.Cluster.Bench;

/// <summary>
/// The jobs: short (one launch, 3 warm-up and 5 measured iterations of 250 ms) so the whole suite runs in a few
/// minutes on two cores. Protocol benchmarks run twice, once per P-521 backend, chosen the way a deployment would:
/// through <c>WICKR_CRYPTO_BACKEND</c>.
/// </summary>
internal static class BenchJobs
{
    public const string BackendVariable = "WICKR_CRYPTO_BACKEND";

    public static Job Short { get; } = Job.Default
        .WithLaunchCount(1)
        .WithWarmupCount(3)
        .WithIterationCount(5)
        .WithIterationTime(TimeInterval.FromMilliseconds(250));

    public static Job ForBackend(string backend) => Short.WithEnvironmentVariable(BackendVariable, backend).WithId(backend);
}

/// <summary>Runs a benchmark class on the managed (.NET only) backend and on the default one (OpenSSL where it loads).</summary>
public sealed class BothBackendsConfig : ManualConfig
{
    public BothBackendsConfig()
    {
        AddJob(BenchJobs.ForBackend("managed"));
        AddJob(BenchJobs.ForBackend("auto"));
    }
}

/// <summary>Runs a benchmark class once, on the default backend; used where the benchmark names its backend itself.</summary>
public sealed class DefaultBackendConfig : ManualConfig
{
    public DefaultBackendConfig() => AddJob(BenchJobs.ForBackend("auto"));
}
