using System.Security.Cryptography;
using Grpc.Core;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.ClientLib.Storage;
using Wickr.Cluster.Gateway.Tests.Fixtures;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Protocol.Enrollment;
using Wickr.Cluster.Protocol.Recovery;

namespace Wickr.Cluster.Gateway.Tests.Services;

/// <summary>
/// The network's recovery policy (<c>Gateway:Recovery:Policy</c>): told to a client without credentials, applied by
/// ClientLib when it makes a user (hardened by default under HardenedDefault and HardenedOnly, a passphrase copy refused
/// under HardenedOnly before the name is taken), and enforced by the gateway on the bundle's framing under HardenedOnly
/// against a client that ignores it.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RecoveryPolicyTests(GatewayFixture fixture) : IAsyncLifetime
{
    private readonly string _home = Directory.CreateTempSubdirectory("wickr-recovery-policy-").FullName;
    private readonly List<StoredDevice> _devices = [];
    private readonly List<GatewayHost> _gateways = [];

    private StoredDeviceOptions Options => new() { TimeProvider = fixture.Time, StoreKdfLog2N = 10 };

    [Theory]
    [InlineData(null, RecoveryPolicy.Passphrase)]
    [InlineData("Passphrase", RecoveryPolicy.Passphrase)]
    [InlineData("HardenedDefault", RecoveryPolicy.HardenedDefault)]
    [InlineData("hardenedonly", RecoveryPolicy.HardenedOnly)]
    public async Task A_caller_without_credentials_learns_the_networks_recovery_policy(string? setting, RecoveryPolicy expected)
    {
        var gateway = await StartAsync(setting);

        Assert.Equal(expected, await WickrAccounts.GetRecoveryPolicyAsync(gateway.Channel));
    }

    [Fact]
    public async Task A_recovery_policy_the_gateway_does_not_know_stops_it_at_start_naming_the_setting()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync("Hardened"));

        Assert.Contains("Gateway:Recovery:Policy", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passphrase_makes_passphrase_accounts_unless_the_user_chooses_hardened()
    {
        var gateway = await StartAsync("Passphrase");

        var (byDefault, _) = await InitAsync(gateway, RecoveryChoice.NetworkDefault);
        var (chosen, _) = await InitAsync(gateway, RecoveryChoice.Hardened);

        Assert.False(byDefault.Hardened);
        Assert.True(chosen.Hardened);
        using var recovered = await WickrAccounts.FetchRecoveryBundleAsync(gateway.Channel, byDefault.Client.Device.Chain.Root.Identifier, TestPassphrases.Strong);
        Assert.Equal(byDefault.Client.Device.Chain.Root.Identifier, recovered.Root.Identifier);
    }

    [Fact]
    public async Task HardenedDefault_makes_hardened_accounts_unless_the_user_asks_for_a_passphrase_copy()
    {
        var gateway = await StartAsync("HardenedDefault");

        var (byDefault, recoveryKey) = await InitAsync(gateway, RecoveryChoice.NetworkDefault);
        var (asked, _) = await InitAsync(gateway, RecoveryChoice.Passphrase);

        // The default account opens with the recovery key and not with the passphrase; the one that asked, with the passphrase.
        Assert.True(byDefault.Hardened);
        var root = byDefault.Client.Device.Chain.Root.Identifier;
        using (var key = RecoveryKeyText.Parse(recoveryKey))
        using (var restored = await WickrAccounts.FetchRecoveryBundleAsync(gateway.Channel, root, key))
        {
            Assert.Equal(root, restored.Root.Identifier);
        }

        var byPassphrase = await Assert.ThrowsAsync<WickrClientException>(
            () => WickrAccounts.FetchRecoveryBundleAsync(gateway.Channel, root, TestPassphrases.Strong));
        Assert.Equal(StatusCode.PermissionDenied, byPassphrase.StatusCode);
        Assert.False(asked.Hardened);
        using var recovered = await WickrAccounts.FetchRecoveryBundleAsync(gateway.Channel, asked.Client.Device.Chain.Root.Identifier, TestPassphrases.Strong);
        Assert.Equal(asked.Client.Device.Chain.Root.Identifier, recovered.Root.Identifier);
    }

    [Fact]
    public async Task HardenedOnly_refuses_a_passphrase_account_before_its_name_is_taken_and_makes_hardened_ones()
    {
        var gateway = await StartAsync("HardenedOnly");
        var name = Name();
        var path = Path.Combine(_home, name, "device.db");

        var refused = await Assert.ThrowsAsync<WickrClientException>(() => StoredDevice.InitAsync(
            gateway.Channel, path, name, TestPassphrases.Strong, RecoveryChoice.Passphrase, null, Options));

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("HardenedOnly", refused.Detail, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
        var unknown = await Assert.ThrowsAsync<ClusterException>(() => fixture.Client.GetUserGrain(UserNames.RootIdentifier(name)).GetProfileAsync());
        Assert.Equal(ClusterErrorCode.NotFound, unknown.Code);

        // The same person, leaving the choice to the network: a hardened account under the same name.
        var (device, _) = await InitAsync(gateway, RecoveryChoice.NetworkDefault, name);
        Assert.True(device.Hardened);
    }

    [Fact]
    public async Task HardenedOnly_refuses_a_passphrase_sealed_bundle_from_a_client_that_ignores_the_policy_and_keeps_the_owners()
    {
        var gateway = await StartAsync("HardenedOnly");
        var clients = new TestClients(gateway.Channel, fixture.Time);
        var device = await clients.NewDeviceAsync();
        var accessKey = RandomNumberGenerator.GetBytes(RecoveryAccess.AccessKeySize);
        var hardened = new RecoveryBackup(RandomNumberGenerator.GetBytes(300), null).Encode();
        await clients.Accounts.StoreRecoveryBundleAsync(device.User.StoreBundleRequest(hardened, accessKey, fixture.Time.GetUtcNow()), device.Headers);

        // A client that does not apply the policy tries to replace it with a passphrase-sealed one, then with bytes whose form says nothing.
        var sealedKey = new RecoveryBackup(RandomNumberGenerator.GetBytes(300), RandomNumberGenerator.GetBytes(120)).Encode();
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "passphrase-sealed recovery key is refused", () => clients.Accounts.StoreRecoveryBundleAsync(
            device.User.StoreBundleRequest(sealedKey, RandomNumberGenerator.GetBytes(RecoveryAccess.AccessKeySize), fixture.Time.GetUtcNow().AddMilliseconds(1)), device.Headers));
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "not a recovery bundle whose form shows it is hardened", () => clients.Accounts.StoreRecoveryBundleAsync(
            device.User.StoreBundleRequest([0xFF, 0x01, 0x02], RandomNumberGenerator.GetBytes(RecoveryAccess.AccessKeySize), fixture.Time.GetUtcNow().AddMilliseconds(2)), device.Headers));

        // The owner's hardened bundle is still the one stored, under its own access key.
        var fetched = await clients.Accounts.FetchRecoveryBundleAsync(new()
        {
            RootIdentifier = Google.Protobuf.ByteString.CopyFrom(device.User.RootIdentifier),
            AccessKey = Google.Protobuf.ByteString.CopyFrom(accessKey),
        });
        Assert.Equal(hardened, fetched.Bundle.ToByteArray());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var device in _devices)
        {
            await device.DisposeAsync();
        }
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }
        Directory.Delete(_home, recursive: true);
    }

    private static string Name() => "policy-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<(StoredDevice Device, string RecoveryKey)> InitAsync(GatewayHost gateway, RecoveryChoice choice, string? name = null)
    {
        name ??= Name();
        var made = await StoredDevice.InitAsync(gateway.Channel, Path.Combine(_home, name, "device.db"), name, TestPassphrases.Strong, choice, null, Options);
        _devices.Add(made.Device);
        return made;
    }

    private async Task<GatewayHost> StartAsync(string? policy)
    {
        var settings = GatewayHost.Settings(fixture.TokenSecret);
        if (policy is not null)
        {
            settings["Gateway:Recovery:Policy"] = policy;
        }

        var gateway = await GatewayHost.StartAsync(fixture.Client, fixture.Time, settings);
        _gateways.Add(gateway);
        return gateway;
    }
}
