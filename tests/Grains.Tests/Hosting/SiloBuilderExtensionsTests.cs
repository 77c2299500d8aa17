using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using Wickr.Cluster.Grains.Hosting;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Storage.Sqlite;
using Wickr.Cluster.Grains.Users;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Grains.Tests.Hosting;

public sealed class SiloBuilderExtensionsTests
{
    [Fact]
    public void The_defaults_are_the_documented_ones()
    {
        var mailbox = new MailboxOptions();
        Assert.Equal(TimeSpan.FromDays(30), mailbox.Retention);
        Assert.Equal(100_000, mailbox.MaxQueuedPackets);
        Assert.Equal(256L * 1024 * 1024, mailbox.MaxQueuedBytes);
        Assert.Equal(0.1, mailbox.MaxSenderShare);

        // The packet-size setting defaults to the protocol's limit (the stored envelope no longer needs 1 KiB more).
        Assert.Equal(ProtocolLimits.MaxPacketBytes, mailbox.MaxPacketBytes);
        Assert.Equal(255 * 1024, ProtocolLimits.MaxPacketBytes);
        Assert.Equal(500, mailbox.MaxReadBatch);
        Assert.Equal(TimeSpan.FromMinutes(2), mailbox.SubscriptionLifetime);
        Assert.Equal(256L * 1024 * 1024, mailbox.QuotaBytesPerUser);
        Assert.Equal(64 * 1024, mailbox.QuotaGrantBytes);
        Assert.Equal(TimeSpan.FromMinutes(1), mailbox.QuotaGrantLifetime);

        var pool = new EphemeralKeyPoolOptions();
        Assert.Equal(1_000, pool.MaxKeys);
        Assert.Equal(100, pool.LowWaterMark);
        Assert.Equal(20, pool.ClaimBurst);
        Assert.Equal(TimeSpan.FromSeconds(3), pool.ClaimRefillInterval);
        Assert.Equal(200, pool.PoolClaimBurst);
        Assert.Equal(TimeSpan.FromSeconds(1), pool.PoolClaimRefillInterval);

        var sender = new SenderOptions();
        Assert.Equal(1_000, sender.NodeDeliveryBurst);
        Assert.Equal(20, sender.NodeDeliveriesPerSecond);
        Assert.Equal(256L * 1024 * 1024, sender.NodeByteBurst);
        Assert.Equal(2_000, sender.UserDeliveryBurst);
        Assert.Equal(16, sender.LeaseDeliveries);
        Assert.Equal(1024 * 1024, sender.LeaseBytes);
        Assert.Equal(TimeSpan.FromSeconds(10), sender.LeaseLifetime);
        Assert.Empty(sender.Validate());
        Assert.Empty(new SenderOptions { LeaseDeliveries = 0, LeaseBytes = 0 }.Validate());
        Assert.Equal(
            ["LeaseDeliveries must be 0 or more.", "LeaseBytes must be 0 or more.", "LeaseLifetime must be positive and at most 10 minutes."],
            new SenderOptions { LeaseDeliveries = -1, LeaseBytes = -1, LeaseLifetime = TimeSpan.Zero }.Validate());

        var user = new UserOptions();
        Assert.Equal(64, user.MaxNodes);
        Assert.Equal(64 * 1024, user.MaxRecoveryBundleBytes);

        Assert.Empty(mailbox.Validate());
        Assert.Empty(pool.Validate());
        Assert.Empty(user.Validate());
        Assert.Empty(new FilesOptions().Validate());
    }

    [Fact]
    public void A_mailbox_quota_that_cannot_work_is_refused()
    {
        Assert.Equal(
            [
                "QuotaBytesPerUser must be at least MaxPacketBytes.",
                "QuotaGrantBytes must be 1 to QuotaBytesPerUser.",
                "QuotaGrantLifetime must be positive and at most 1 hour.",
            ],
            new MailboxOptions { QuotaBytesPerUser = 1000, QuotaGrantLifetime = TimeSpan.Zero }.Validate());
        Assert.Equal(
            ["QuotaGrantBytes must be 1 to QuotaBytesPerUser.", "QuotaGrantLifetime must be positive and at most 1 hour."],
            new MailboxOptions { QuotaGrantBytes = 0, QuotaGrantLifetime = TimeSpan.FromHours(2) }.Validate());

        // A quota of one largest packet, granted whole, is the least that works.
        Assert.Empty(new MailboxOptions { QuotaBytesPerUser = ProtocolLimits.MaxPacketBytes, QuotaGrantBytes = ProtocolLimits.MaxPacketBytes }.Validate());
    }

    [Fact]
    public void Options_set_in_code_are_checked_the_same_way_named_under_their_own_section()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddWickrGrains(mailbox: o => o.Retention = TimeSpan.Zero, files: o => o.MaxFileBytes = 0));
        using var host = builder.Build();

        var mailbox = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<MailboxOptions>>().Value);
        Assert.Equal("Grains:Mailbox:Retention must be positive.", mailbox.Message);
        var files = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<FilesOptions>>().Value);
        Assert.Equal("Grains:Files:MaxFileBytes must be at least 1.", files.Message);
    }

    [Fact]
    public void Options_bind_from_configuration_and_unset_values_keep_their_defaults()
    {
        using var host = BuildSilo(new Dictionary<string, string?>
        {
            ["Grains:Mailbox:Retention"] = "7.00:00:00",
            ["Grains:Mailbox:MaxQueuedPackets"] = "500",
            ["Grains:EphemeralKeyPool:LowWaterMark"] = "25",
            ["Grains:EphemeralKeyPool:ClaimRefillInterval"] = "00:00:01",
            ["Grains:User:MaxNodes"] = "8",
        });

        var mailbox = host.Services.GetRequiredService<IOptions<MailboxOptions>>().Value;
        Assert.Equal(TimeSpan.FromDays(7), mailbox.Retention);
        Assert.Equal(500, mailbox.MaxQueuedPackets);
        Assert.Equal(new MailboxOptions().MaxPacketBytes, mailbox.MaxPacketBytes);
        var pool = host.Services.GetRequiredService<IOptions<EphemeralKeyPoolOptions>>().Value;
        Assert.Equal(25, pool.LowWaterMark);
        Assert.Equal(TimeSpan.FromSeconds(1), pool.ClaimRefillInterval);
        Assert.Equal(1_000, pool.MaxKeys);
        Assert.Equal(8, host.Services.GetRequiredService<IOptions<UserOptions>>().Value.MaxNodes);
        Assert.Same(TimeProvider.System, host.Services.GetRequiredKeyedService<TimeProvider>(WickrGrains.TimeProviderKey));
    }

    [Theory]
    [InlineData("Grains:EphemeralKeyPool:MaxKeys", "0")]
    [InlineData("Grains:EphemeralKeyPool:LowWaterMark", "2000")]
    [InlineData("Grains:Mailbox:Retention", "-1.00:00:00")]
    [InlineData("Grains:Mailbox:MaxQueuedBytes", "10")]
    [InlineData("Grains:User:MaxRecoveryBundleBytes", "0")]
    [InlineData("Grains:User:MaxRecoveryBundleBytes", "65537")]
    [InlineData("Grains:User:MaxNodes", "65")]
    [InlineData("Grains:Mailbox:MaxPacketBytes", "261121")]
    [InlineData("Grains:Sender:UserByteBurst", "1")]
    [InlineData("Grains:Files:QuotaBytesPerUser", "1")]
    [InlineData("Grains:Mailbox:QuotaBytesPerUser", "1")]
    [InlineData("Grains:Mailbox:QuotaGrantBytes", "0")]
    [InlineData("Grains:Mailbox:QuotaGrantLifetime", "01:00:01")]
    public void Invalid_options_are_refused_naming_the_setting_with_its_section(string key, string value)
    {
        using var host = BuildSilo(new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() =>
        {
            _ = host.Services.GetRequiredService<IOptions<MailboxOptions>>().Value;
            _ = host.Services.GetRequiredService<IOptions<EphemeralKeyPoolOptions>>().Value;
            _ = host.Services.GetRequiredService<IOptions<UserOptions>>().Value;
            _ = host.Services.GetRequiredService<IOptions<SenderOptions>>().Value;
            _ = host.Services.GetRequiredService<IOptions<FilesOptions>>().Value;
        });
        Assert.StartsWith(key + " ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sqlite_storage_registers_the_grain_storage_and_both_stores()
    {
        var folder = Path.Combine(Path.GetTempPath(), "wickr-grains-tests", $"hosting-{Guid.NewGuid():N}");
        try
        {
            using var host = BuildSilo([], silo => silo.AddWickrSqliteStorage(Path.Combine(folder, "wickr.db")));

            Assert.IsType<SqliteGrainStorage>(host.Services.GetRequiredKeyedService<IGrainStorage>(WickrGrains.StorageName));
            Assert.IsType<SqliteMailboxStore>(host.Services.GetRequiredService<IMailboxStore>());
            Assert.IsType<SqliteEphemeralKeyStore>(host.Services.GetRequiredService<IEphemeralKeyStore>());
            Assert.Equal(Path.Combine(folder, "wickr.db"), host.Services.GetRequiredService<SqliteDatabase>().DatabasePath);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Azure_storage_writes_grain_state_in_the_orleans_codec_and_still_reads_the_json_of_earlier_builds()
    {
        using var host = BuildSilo([], silo => silo.AddWickrAzureStorage("UseDevelopmentStorage=true"));
        var storage = host.Services.GetRequiredService<IOptionsMonitor<AzureTableStorageOptions>>().Get(WickrGrains.StorageName);
        Assert.True(storage.DeleteStateOnClear);
        var state = new RecoveryState { SealedBundle = [1, 2, 3], AccessVerifier = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray() };

        // Written: no .NET type name, so a renamed state class still reads the row.
        var written = storage.GrainStorageSerializer.Serialize(state).ToArray();
        Assert.DoesNotContain(nameof(RecoveryState), System.Text.Encoding.UTF8.GetString(written), StringComparison.Ordinal);
        Assert.Equal(state.SealedBundle, storage.GrainStorageSerializer.Deserialize<RecoveryState>(new BinaryData(written))!.SealedBundle);

        // A row in the JSON the silo's default serializer wrote before (type names and all) is read as it was.
        var json = host.Services.GetRequiredService<IGrainStorageSerializer>().Serialize(state);
        Assert.Contains(nameof(RecoveryState), json.ToString(), StringComparison.Ordinal);
        var read = storage.GrainStorageSerializer.Deserialize<RecoveryState>(json)!;
        Assert.Equal(state.SealedBundle, read.SealedBundle);
        Assert.Equal(state.AccessVerifier, read.AccessVerifier);
    }

    private static IHost BuildSilo(Dictionary<string, string?> settings, Action<ISiloBuilder>? more = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            silo.AddWickrGrains(builder.Configuration);
            more?.Invoke(silo);
        });
        return builder.Build();
    }
}
