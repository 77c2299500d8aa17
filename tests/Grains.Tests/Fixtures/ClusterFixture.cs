using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.TestingHost;
using Wickr.Cluster.Grains.Hosting;

namespace Wickr.Cluster.Grains.Tests.Fixtures;

/// <summary>
/// A two-silo in-process cluster running the Wickr grains on one storage backend, with a fake clock for the grains.
/// </summary>
/// <remarks>
/// To run every cluster test on another backend: derive a fixture from this class, register the backend on each
/// silo in <see cref="ConfigureStorage"/> (grain storage named <see cref="WickrGrains.StorageName"/>, plus
/// <c>IMailboxStore</c> and <c>IEphemeralKeyStore</c>), start/stop any server in <see cref="StartBackendAsync"/> /
/// <see cref="StopBackendAsync"/>, and derive from <see cref="Name"/> every name that must not collide with another
/// fixture (database file, table prefix). Then add one line per test class:
/// <c>public sealed class UserGrainTests_Backend(BackendFixture f) : UserGrainTests&lt;BackendFixture&gt;(f), IClassFixture&lt;BackendFixture&gt;;</c>
/// xUnit gives each test class its own fixture instance, so classes never share a cluster.
/// </remarks>
public abstract class ClusterFixture : IAsyncLifetime
{
    /// <summary>Where the fake clock starts.</summary>
    public static readonly DateTimeOffset Epoch = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Unique per fixture instance: service id, and the seed of backend names.</summary>
    public string Name { get; } = $"wickr{Guid.NewGuid():N}"[..17];

    /// <summary>The grains' clock (the Orleans runtime keeps the real one).</summary>
    public FakeTimeProvider Time { get; } = new(Epoch);

    /// <summary>The cluster, after <see cref="InitializeAsync"/>.</summary>
    public InProcessTestCluster Cluster { get; private set; } = null!;

    /// <summary>A client of the cluster, as a gateway would hold.</summary>
    public IClusterClient Client => Cluster.Client;

    /// <summary>
    /// How long a grain call may take. Generous, because a thousand racing claims queue at one grain and a slow
    /// backend serves them one by one; a call caught on a killed silo fails after this long.
    /// </summary>
    protected virtual TimeSpan ResponseTimeout => TimeSpan.FromSeconds(30);

    /// <summary>Registers the storage backend on one silo.</summary>
    protected abstract void ConfigureStorage(ISiloBuilder silo);

    /// <summary>Adds the grains with the limits this fixture's tests expect (by default <see cref="TestLimits"/>).</summary>
    protected virtual void ConfigureGrains(ISiloBuilder silo) =>
        silo.AddWickrGrains(TestLimits.Mailbox, TestLimits.EphemeralKeyPool, TestLimits.User, files: TestLimits.Files);

    /// <summary>Starts whatever the backend needs before the silos start.</summary>
    protected virtual Task StartBackendAsync() => Task.CompletedTask;

    /// <summary>Stops and cleans the backend after the silos stop.</summary>
    protected virtual Task StopBackendAsync() => Task.CompletedTask;

    /// <summary>A service from one of the silos (for checking storage directly).</summary>
    public T SiloService<T>()
        where T : notnull => Cluster.GetActiveSilos().First().ServiceProvider.GetRequiredService<T>();

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        await StartBackendAsync();

        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ServiceId = Name;
        builder.Options.ClusterId = Name;
        builder.ConfigureSilo((_, silo) =>
        {
            ConfigureStorage(silo);
            ConfigureGrains(silo);
            silo.Services.AddKeyedSingleton<TimeProvider>(WickrGrains.TimeProviderKey, Time);

            // A killed silo is declared dead within a few seconds, so fail-over tests stay short.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            });
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
        });
        builder.ConfigureClient(client =>
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout));

        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        await StopBackendAsync();
    }
}
