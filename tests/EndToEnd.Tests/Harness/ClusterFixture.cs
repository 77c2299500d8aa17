using Xunit.Abstractions;

namespace Wickr.Cluster.EndToEnd.Tests.Harness;

/// <summary>
/// A cluster shared by the tests of one class, started once, stopped (processes killed) at the end of the class. Every
/// client the tests make uses <see cref="Recorder"/>, so the storage scan knows every secret of the run.
/// </summary>
public abstract class ClusterFixture : IAsyncLifetime
{
    private TestCluster? _cluster;

    internal TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster did not start.");

    internal KeyRecorder Recorder { get; } = new();

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(await SettingsAsync());

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    internal abstract Task<ClusterSettings> SettingsAsync();

    /// <summary>A fresh set of users for one test, torn down after it; the hosts' logs are printed if it fails.</summary>
    internal async Task RunAsync(ITestOutputHelper output, Func<World, Task> scenario)
    {
        var logMark = Cluster.ReadLogs().Length;
        var world = new World(Cluster, Recorder, output);
        try
        {
            await scenario(world);
        }
        catch
        {
            var logs = Cluster.ReadLogs();
            output.WriteLine("---- host logs during this test ----");
            output.WriteLine(logs.Length > logMark ? logs[Math.Min(logMark, logs.Length)..] : logs);
            foreach (var error in world.BackgroundErrors())
            {
                output.WriteLine("client background error: " + error);
            }
            throw;
        }
        finally
        {
            await world.DisposeAsync();
        }
    }
}
