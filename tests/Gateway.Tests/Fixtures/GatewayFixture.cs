extern alias gateway;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Wickr.Cluster.Grains;
using Wickr.Cluster.Grains.Hosting;

namespace Wickr.Cluster.Gateway.Tests.Fixtures;

/// <summary>
/// One silo on SQLite (its own temp file) and one gateway in front of it, sharing a fake clock (grains and gateway;
/// the Orleans runtime keeps the real one). Shared by every test of the collection; each test makes its own users.
/// </summary>
public class GatewayFixture : IAsyncLifetime
{
    private readonly IReadOnlyDictionary<string, string?> _siloSettings;

    public GatewayFixture()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <param name="siloSettings">
    /// The silo's configuration, read as the silo host reads it (<c>Grains:Mailbox:MaxReadBatch</c>), under the test limits.
    /// </param>
    protected GatewayFixture(IReadOnlyDictionary<string, string?> siloSettings) => _siloSettings = siloSettings;

    public static readonly DateTimeOffset Epoch = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public string Name { get; } = $"gw{Guid.NewGuid():N}"[..14];

    public string TokenSecret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public FakeTimeProvider Time { get; } = new(Epoch);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public GatewayHost Gateway { get; private set; } = null!;

    public TestClients Clients { get; private set; } = null!;

    private string DatabasePath => Path.Combine(Path.GetTempPath(), "wickr-gateway-tests", Name, "wickr.db");

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = Name;
        builder.Options.ClusterId = Name;
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(_siloSettings));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddWickrSqliteStorage(DatabasePath, sqlite => sqlite.FullSync = false);
            silo.AddWickrGrains(silo.Configuration);
            silo.AddWickrGrains(
                mailbox =>
                {
                    mailbox.MaxPacketBytes = TestLimits.MaxPacketBytes;
                    mailbox.MaxQueuedBytes = TestLimits.MaxQueuedBytes;

                    // One sender may fill a mailbox here, so the cap tests read as before; the share has its own tests.
                    mailbox.MaxSenderShare = 1;
                    mailbox.MaxStrangerShare = 1;
                },
                pool =>
                {
                    pool.MaxKeys = TestLimits.PoolMaxKeys;
                    pool.LowWaterMark = TestLimits.PoolLowWaterMark;
                    pool.ClaimBurst = TestLimits.ClaimBurst;

                    // The fixed budgets, not the shares of the pool: the shares have their own tests.
                    pool.ClaimerShare = 1000;
                    pool.ClaimerShareWindow = TimeSpan.FromTicks(1);
                    pool.PoolShare = 1000;
                    pool.PoolShareWindow = TimeSpan.FromTicks(1);
                },
                user => user.MaxNodes = TestLimits.MaxNodes);
            silo.Services.AddKeyedSingleton<TimeProvider>(WickrGrains.TimeProviderKey, Time);
        });

        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Gateway = await GatewayHost.StartAsync(Client, Time, GatewayHost.Settings(TokenSecret));
        Clients = new TestClients(Gateway.Channel, Time);
    }

    public async Task DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        var folder = Path.GetDirectoryName(DatabasePath)!;
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
