using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Tests.Fixtures;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Gateway.Tests.Services;

[Collection(GatewayCollection.Name)]
public sealed class AccountsServiceTests(GatewayFixture fixture)
{
    private TestClients Clients => fixture.Clients;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    [Fact]
    public async Task Registering_a_user_is_idempotent_and_another_key_is_already_exists()
    {
        using var user = new TestUser();
        Assert.True((await Clients.Accounts.RegisterUserAsync(user.RegisterRequest())).Created);
        Assert.False((await Clients.Accounts.RegisterUserAsync(user.RegisterRequest())).Created);

        using var impostor = new TestUser();
        var request = impostor.RegisterRequest();
        request.RootIdentifier = ByteString.CopyFrom(user.RootIdentifier);
        request.Signature = ByteString.CopyFrom(EcdsaSignature.Sign(
            impostor.RootKey, RequestSignatures.RegisterUser(user.RootIdentifier, impostor.RootKey.PublicKey.Encoded)));
        await RpcAssert.FailsAsync(StatusCode.AlreadyExists, "another key", () => Clients.Accounts.RegisterUserAsync(request));

        var profile = await fixture.Client.GetUserGrain(user.RootIdentifier).GetProfileAsync();
        Assert.Equal(user.RootKey.PublicKey.Encoded.ToArray(), profile.RootPublicKey);
    }

    [Fact]
    public async Task A_user_registration_not_signed_by_its_root_key_is_unauthenticated_and_stores_nothing()
    {
        using var user = new TestUser();
        using var other = EcKeyPair.Generate();
        var request = user.RegisterRequest();
        request.Signature = ByteString.CopyFrom(EcdsaSignature.Sign(
            other, RequestSignatures.RegisterUser(user.RootIdentifier, user.RootKey.PublicKey.Encoded)));

        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "does not verify with the user's root key",
            () => Clients.Accounts.RegisterUserAsync(request));
        await AssertUserUnknownAsync(user.RootIdentifier);
    }

    [Theory]
    [InlineData("root_identifier_empty", "root_identifier: a root identifier has 1 to 127 bytes, not 0")]
    [InlineData("root_identifier_long", "root_identifier: a root identifier has 1 to 127 bytes, not 128")]
    [InlineData("key_short", "root_public_key: a public key has 134 bytes, not 133")]
    [InlineData("key_curve", "root_public_key: unsupported curve id 7")]
    [InlineData("key_off_curve", "root_public_key: the public key is not a valid P-521 point")]
    [InlineData("signature_short", "signature: a signature has 143 bytes, not 100")]
    [InlineData("signature_framing", "signature: signature with unsupported digest id 9")]
    public async Task A_malformed_user_registration_is_invalid_and_stores_nothing(string flaw, string message)
    {
        using var user = new TestUser();
        var request = user.RegisterRequest();
        var key = user.RootKey.PublicKey.Encoded.ToArray();
        var signature = request.Signature.ToByteArray();
        switch (flaw)
        {
            case "root_identifier_empty": request.RootIdentifier = ByteString.Empty; break;
            case "root_identifier_long": request.RootIdentifier = ByteString.CopyFrom(new byte[128]); break;
            case "key_short": request.RootPublicKey = ByteString.CopyFrom(key[..133]); break;
            case "key_curve": key[0] = 7; request.RootPublicKey = ByteString.CopyFrom(key); break;
            case "key_off_curve": key[^1] ^= 1; request.RootPublicKey = ByteString.CopyFrom(key); break;
            case "signature_short": request.Signature = ByteString.CopyFrom(signature[..100]); break;
            case "signature_framing": signature[0] = 0x09; request.Signature = ByteString.CopyFrom(signature); break;
        }

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, message, () => Clients.Accounts.RegisterUserAsync(request));
        await AssertUserUnknownAsync(user.RootIdentifier);
    }

    [Fact]
    public async Task A_root_signed_node_registration_adds_the_node_to_the_profile()
    {
        var device = await Clients.NewDeviceAsync();
        var profile = await Clients.Accounts.GetProfileAsync(
            new GetProfileRequest { RootIdentifier = ByteString.CopyFrom(device.User.RootIdentifier) }, device.Headers);

        Assert.Equal(device.User.RootIdentifier, profile.RootIdentifier.ToByteArray());
        Assert.Equal(device.User.RootKey.PublicKey.Encoded.ToArray(), profile.RootPublicKey.ToByteArray());
        var node = Assert.Single(profile.Nodes);
        Assert.Equal(device.Record(), node);

        // The same node again, in a new request, is a no-op.
        await Clients.Accounts.RegisterNodeAsync(device.User.RegisterNodeRequest(device, Now.AddMilliseconds(1)));
        Assert.Single((await fixture.Client.GetUserGrain(device.User.RootIdentifier).GetProfileAsync()).Nodes);
    }

    [Fact]
    public async Task A_node_registration_not_signed_by_the_root_key_is_unauthenticated_and_changes_nothing()
    {
        using var user = new TestUser();
        await Clients.Accounts.RegisterUserAsync(user.RegisterRequest());
        using var device = user.NewDevice();
        using var thief = EcKeyPair.Generate();

        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "does not verify with the user's root key",
            () => Clients.Accounts.RegisterNodeAsync(user.RegisterNodeRequest(device, Now, signer: thief)));
        await AssertNoNodesAsync(user);
        await AssertNodeUnknownAsync(device);
    }

    [Fact]
    public async Task A_node_key_not_signed_by_the_root_is_invalid_and_changes_nothing()
    {
        using var user = new TestUser();
        await Clients.Accounts.RegisterUserAsync(user.RegisterRequest());
        using var device = user.NewDevice();
        using var other = EcKeyPair.Generate();
        EcdsaSignature.Sign(other, device.NodeKey.PublicKey.Encoded).CopyTo(device.NodeSignature, 0);

        // The request itself is properly root-signed; only SKr(PKn) is wrong.
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "node.node_signature: the node key is not signed by the root key",
            () => Clients.Accounts.RegisterNodeAsync(user.RegisterNodeRequest(device, Now)));
        await AssertNoNodesAsync(user);
    }

    [Theory]
    [InlineData(-6)]
    [InlineData(6)]
    public async Task A_node_registration_issued_outside_the_skew_window_is_invalid(int minutes)
    {
        using var user = new TestUser();
        await Clients.Accounts.RegisterUserAsync(user.RegisterRequest());
        using var device = user.NewDevice();

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "issued_at_unix_ms",
            () => Clients.Accounts.RegisterNodeAsync(user.RegisterNodeRequest(device, Now.AddMinutes(minutes))));
        await AssertNoNodesAsync(user);

        // Within the window it is fine.
        await Clients.Accounts.RegisterNodeAsync(user.RegisterNodeRequest(device, Now.AddMinutes(minutes > 0 ? 4 : -4)));
    }

    [Theory]
    [InlineData("no_node", "node: the node record is required")]
    [InlineData("node_id", "node.node_identifier: a node identifier has 32 bytes, not 31")]
    [InlineData("dev_id", "node.dev_id: a dev_id has 32 bytes, not 0")]
    [InlineData("node_key", "node.node_public_key: a public key has 134 bytes, not 0")]
    [InlineData("node_signature", "node.node_signature: a signature has 143 bytes, not 144")]
    [InlineData("signature", "signature: a signature has 143 bytes, not 0")]
    public async Task A_malformed_node_registration_is_invalid_and_changes_nothing(string flaw, string message)
    {
        using var user = new TestUser();
        await Clients.Accounts.RegisterUserAsync(user.RegisterRequest());
        using var device = user.NewDevice();
        var request = user.RegisterNodeRequest(device, Now);
        switch (flaw)
        {
            case "no_node": request.Node = null; break;
            case "node_id": request.Node.NodeIdentifier = ByteString.CopyFrom(new byte[31]); break;
            case "dev_id": request.Node.DevId = ByteString.Empty; break;
            case "node_key": request.Node.NodePublicKey = ByteString.Empty; break;
            case "node_signature": request.Node.NodeSignature = ByteString.CopyFrom(new byte[144]); break;
            case "signature": request.Signature = ByteString.Empty; break;
        }

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, message, () => Clients.Accounts.RegisterNodeAsync(request));
        await AssertNoNodesAsync(user);
        await AssertNodeUnknownAsync(device);
    }

    [Fact]
    public async Task Node_requests_for_an_unknown_user_answer_like_a_wrong_signature_for_a_known_one()
    {
        // A stranger signs with its own key for a root it does not hold: registered or not, the same refusal.
        using var known = new TestUser();
        await Clients.Accounts.RegisterUserAsync(known.RegisterRequest());
        using var unknown = new TestUser();
        using var thief = EcKeyPair.Generate();
        var answers = new List<(StatusCode, string)>();
        foreach (var user in new[] { known, unknown })
        {
            using var device = user.NewDevice();
            var add = await Assert.ThrowsAsync<RpcException>(
                () => Clients.Accounts.RegisterNodeAsync(user.RegisterNodeRequest(device, Now, signer: thief)).ResponseAsync);
            var remove = await Assert.ThrowsAsync<RpcException>(
                () => Clients.Accounts.RemoveNodeAsync(user.RemoveNodeRequest(device, Now, signer: thief)).ResponseAsync);
            answers.Add((add.StatusCode, add.Status.Detail));
            answers.Add((remove.StatusCode, remove.Status.Detail));
        }

        Assert.Equal(StatusCode.Unauthenticated, Assert.Single(answers.Distinct()).Item1);
        await AssertNoNodesAsync(known);
        await AssertUserUnknownAsync(unknown.RootIdentifier);
    }

    [Fact]
    public async Task A_user_with_all_its_nodes_is_resource_exhausted()
    {
        using var user = new TestUser();
        for (var i = 0; i < TestLimits.MaxNodes; i++)
        {
            await Clients.NewDeviceAsync(user, authenticate: false);
        }

        using var extra = user.NewDevice();
        await RpcAssert.FailsAsync(StatusCode.ResourceExhausted, $"at most {TestLimits.MaxNodes} nodes",
            () => Clients.Accounts.RegisterNodeAsync(user.RegisterNodeRequest(extra, Now)));
    }

    [Fact]
    public async Task Removing_a_node_deletes_it_and_a_replayed_registration_cannot_bring_it_back()
    {
        using var user = new TestUser();
        await Clients.Accounts.RegisterUserAsync(user.RegisterRequest());
        using var device = user.NewDevice();
        var registration = user.RegisterNodeRequest(device, Now);
        await Clients.Accounts.RegisterNodeAsync(registration);

        var removal = user.RemoveNodeRequest(device, Now);
        await Clients.Accounts.RemoveNodeAsync(removal);
        await AssertNoNodesAsync(user);

        await RpcAssert.FailsAsync(StatusCode.AlreadyExists, "already carried out", () => Clients.Accounts.RegisterNodeAsync(registration));
        await RpcAssert.FailsAsync(StatusCode.AlreadyExists, "already carried out", () => Clients.Accounts.RemoveNodeAsync(removal));
        await AssertNoNodesAsync(user);

        // After the skew window the same bytes are refused for being stale.
        fixture.Time.Advance(TestLimits.ClockSkew + TimeSpan.FromSeconds(1));
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "issued_at_unix_ms", () => Clients.Accounts.RegisterNodeAsync(registration));
    }

    [Fact]
    public async Task A_failed_root_signed_request_may_be_retried_as_it_is()
    {
        using var user = new TestUser();
        await Clients.Accounts.RegisterUserAsync(user.RegisterRequest());
        using var device = user.NewDevice();
        var removal = user.RemoveNodeRequest(device, Now);
        await RpcAssert.FailsAsync(StatusCode.NotFound, "no such node", () => Clients.Accounts.RemoveNodeAsync(removal));

        await Clients.Accounts.RegisterNodeAsync(user.RegisterNodeRequest(device, Now));
        await Clients.Accounts.RemoveNodeAsync(removal);
        await AssertNoNodesAsync(user);
    }

    [Fact]
    public async Task Removing_another_users_node_is_not_found_and_leaves_it()
    {
        var victim = await Clients.NewDeviceAsync();
        using var attacker = new TestUser();
        await Clients.Accounts.RegisterUserAsync(attacker.RegisterRequest());

        await RpcAssert.FailsAsync(StatusCode.NotFound, "no such node",
            () => Clients.Accounts.RemoveNodeAsync(attacker.RemoveNodeRequest(victim, Now)));

        // The victim's root identifier with the attacker's key: the signature does not verify.
        var forged = attacker.RemoveNodeRequest(victim, Now);
        forged.RootIdentifier = ByteString.CopyFrom(victim.User.RootIdentifier);
        forged.Signature = ByteString.CopyFrom(EcdsaSignature.Sign(attacker.RootKey,
            RequestSignatures.RemoveNode(victim.User.RootIdentifier, victim.NodeIdentifier, forged.IssuedAtUnixMs)));
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "root key", () => Clients.Accounts.RemoveNodeAsync(forged));

        Assert.Single((await fixture.Client.GetUserGrain(victim.User.RootIdentifier).GetProfileAsync()).Nodes);
        await Clients.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), victim.Headers);
    }

    [Fact]
    public async Task Profiles_need_a_token_and_an_unknown_user_is_not_found()
    {
        var device = await Clients.NewDeviceAsync();
        var request = new GetProfileRequest { RootIdentifier = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(16)) };

        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "authorization", () => Clients.Accounts.GetProfileAsync(request));
        await RpcAssert.FailsAsync(StatusCode.NotFound, "not registered", () => Clients.Accounts.GetProfileAsync(request, device.Headers));
    }

    [Fact]
    public async Task A_recovery_bundle_is_stored_by_a_device_and_fetched_only_with_its_access_key()
    {
        var device = await Clients.NewDeviceAsync();
        var accessKey = RandomNumberGenerator.GetBytes(RecoveryAccess.AccessKeySize);
        var fetch = new FetchRecoveryBundleRequest { RootIdentifier = ByteString.CopyFrom(device.User.RootIdentifier), AccessKey = ByteString.CopyFrom(accessKey) };
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, RecoveryAccess.DeniedMessage, () => Clients.Accounts.FetchRecoveryBundleAsync(fetch));

        var bundle = RandomNumberGenerator.GetBytes(1000);
        var store = device.User.StoreBundleRequest(bundle, accessKey, Now);
        await Clients.Accounts.StoreRecoveryBundleAsync(store, device.Headers);
        Assert.Equal(bundle, (await Clients.Accounts.FetchRecoveryBundleAsync(fetch)).Bundle.ToByteArray());

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "bundle: a recovery bundle has 1 to 65536 bytes, not 65537",
            () => Clients.Accounts.StoreRecoveryBundleAsync(
                new StoreRecoveryBundleRequest { Bundle = ByteString.CopyFrom(new byte[65537]), AccessKey = store.AccessKey }, device.Headers));
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "not 0",
            () => Clients.Accounts.StoreRecoveryBundleAsync(new StoreRecoveryBundleRequest { AccessKey = store.AccessKey }, device.Headers));
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "access_key: a recovery access key has 32 bytes, not 0",
            () => Clients.Accounts.StoreRecoveryBundleAsync(new StoreRecoveryBundleRequest { Bundle = store.Bundle }, device.Headers));
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "authorization",
            () => Clients.Accounts.StoreRecoveryBundleAsync(store));
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "access_key: a recovery access key has 32 bytes, not 31",
            () => Clients.Accounts.FetchRecoveryBundleAsync(new FetchRecoveryBundleRequest { RootIdentifier = fetch.RootIdentifier, AccessKey = ByteString.CopyFrom(new byte[31]) }));
        Assert.Equal(bundle, (await Clients.Accounts.FetchRecoveryBundleAsync(fetch)).Bundle.ToByteArray());
    }

    [Fact]
    public async Task A_token_alone_does_not_replace_the_recovery_bundle()
    {
        var device = await Clients.NewDeviceAsync();
        var accessKey = RandomNumberGenerator.GetBytes(RecoveryAccess.AccessKeySize);
        var bundle = RandomNumberGenerator.GetBytes(100);
        var store = device.User.StoreBundleRequest(bundle, accessKey, Now);
        await Clients.Accounts.StoreRecoveryBundleAsync(store, device.Headers);

        // A thief with the device's token (or a device without Kr): its own bundle and access key, no root signature...
        var thiefsKey = RandomNumberGenerator.GetBytes(RecoveryAccess.AccessKeySize);
        var swap = new StoreRecoveryBundleRequest
        {
            Bundle = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(100)),
            AccessKey = ByteString.CopyFrom(thiefsKey),
            IssuedAtUnixMs = Now.ToUnixTimeMilliseconds(),
        };
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "needs the root key's signature",
            () => Clients.Accounts.StoreRecoveryBundleAsync(swap, device.Headers));

        // ...signed by another key, or the owner's signature over other bytes, or the owner's request replayed.
        using var thief = EcKeyPair.Generate();
        var forged = device.User.StoreBundleRequest(swap.Bundle.ToByteArray(), thiefsKey, Now, signer: thief);
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "does not verify with the user's root key",
            () => Clients.Accounts.StoreRecoveryBundleAsync(forged, device.Headers));
        var spliced = store.Clone();
        spliced.AccessKey = ByteString.CopyFrom(thiefsKey);
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "does not verify with the user's root key",
            () => Clients.Accounts.StoreRecoveryBundleAsync(spliced, device.Headers));
        await RpcAssert.FailsAsync(StatusCode.AlreadyExists, "already carried out",
            () => Clients.Accounts.StoreRecoveryBundleAsync(store, device.Headers));

        // The owner's bundle is still there and opens with the owner's key only.
        var fetch = new FetchRecoveryBundleRequest { RootIdentifier = ByteString.CopyFrom(device.User.RootIdentifier), AccessKey = ByteString.CopyFrom(accessKey) };
        Assert.Equal(bundle, (await Clients.Accounts.FetchRecoveryBundleAsync(fetch)).Bundle.ToByteArray());
    }

    [Fact]
    public async Task Unknown_user_and_wrong_access_key_get_the_same_answer_and_the_owner_still_fetches()
    {
        var device = await Clients.NewDeviceAsync();
        var accessKey = RandomNumberGenerator.GetBytes(RecoveryAccess.AccessKeySize);
        var bundle = RandomNumberGenerator.GetBytes(200);
        await Clients.Accounts.StoreRecoveryBundleAsync(
            device.User.StoreBundleRequest(bundle, accessKey, Now), device.Headers);

        var guess = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(RecoveryAccess.AccessKeySize));
        var wrongKey = await Assert.ThrowsAsync<RpcException>(() => Clients.Accounts.FetchRecoveryBundleAsync(
            new FetchRecoveryBundleRequest { RootIdentifier = ByteString.CopyFrom(device.User.RootIdentifier), AccessKey = guess }).ResponseAsync);
        var unknownUser = await Assert.ThrowsAsync<RpcException>(() => Clients.Accounts.FetchRecoveryBundleAsync(
            new FetchRecoveryBundleRequest { RootIdentifier = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32)), AccessKey = guess }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, wrongKey.StatusCode);
        Assert.Equal((wrongKey.StatusCode, wrongKey.Status.Detail), (unknownUser.StatusCode, unknownUser.Status.Detail));
        Assert.Equal(bundle, (await Clients.Accounts.FetchRecoveryBundleAsync(new FetchRecoveryBundleRequest
        {
            RootIdentifier = ByteString.CopyFrom(device.User.RootIdentifier),
            AccessKey = ByteString.CopyFrom(accessKey),
        })).Bundle.ToByteArray());
    }

    [Fact]
    public async Task A_hardened_backup_is_fetched_with_the_access_key_of_Krbk_and_not_with_a_passphrase()
    {
        var device = await Clients.NewDeviceAsync();
        using var rootKeys = Protocol.Recovery.RootKeys.Generate(P521Suite.Instance);
        using var recoveryKey = CipherKey.Generate();
        var backup = Protocol.Recovery.RecoveryBackup.CreateHardened(P521Suite.Instance, rootKeys, recoveryKey).Encode();
        var accessKey = Protocol.Recovery.RecoveryAccessKey.FromRecoveryKey(device.User.RootIdentifier, recoveryKey);
        await Clients.Accounts.StoreRecoveryBundleAsync(
            device.User.StoreBundleRequest(backup, accessKey, Now), device.Headers);

        var byPassphrase = Protocol.Recovery.RecoveryAccessKey.FromPassphrase(P521Suite.Instance, device.User.RootIdentifier, "a passphrase");
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, RecoveryAccess.DeniedMessage, () => Clients.Accounts.FetchRecoveryBundleAsync(
            new FetchRecoveryBundleRequest { RootIdentifier = ByteString.CopyFrom(device.User.RootIdentifier), AccessKey = ByteString.CopyFrom(byPassphrase) }));

        var fetched = await Clients.Accounts.FetchRecoveryBundleAsync(
            new FetchRecoveryBundleRequest { RootIdentifier = ByteString.CopyFrom(device.User.RootIdentifier), AccessKey = ByteString.CopyFrom(accessKey) });
        using var opened = Protocol.Recovery.RecoveryBackup.Decode(fetched.Bundle.Span).Open(P521Suite.Instance, recoveryKey);
        Assert.Equal(rootKeys.Encode(), opened.Encode());
    }

    private async Task AssertUserUnknownAsync(byte[] rootIdentifier)
    {
        var ex = await Assert.ThrowsAsync<ClusterException>(() => fixture.Client.GetUserGrain(rootIdentifier).GetProfileAsync());
        Assert.Equal(ClusterErrorCode.NotFound, ex.Code);
    }

    private async Task AssertNoNodesAsync(TestUser user) =>
        Assert.Empty((await fixture.Client.GetUserGrain(user.RootIdentifier).GetProfileAsync()).Nodes);

    private async Task AssertNodeUnknownAsync(TestDevice device)
    {
        var ex = await Assert.ThrowsAsync<ClusterException>(() => fixture.Client.GetNodeGrain(device.NodeIdentifier).GetChainAsync());
        Assert.Equal(ClusterErrorCode.NotFound, ex.Code);
    }
}
