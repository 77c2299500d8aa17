using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests.Users;

public abstract class UserGrainTests<TFixture>(TFixture fixture)
    where TFixture : ClusterFixture
{
    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task Register_is_idempotent_for_the_same_key_and_refuses_another()
    {
        var user = Client.GetUserGrain(TestData.RootIdentifier());
        var rootPublicKey = TestData.PublicKey();

        Assert.True(await user.RegisterAsync(rootPublicKey));
        Assert.False(await user.RegisterAsync([.. rootPublicKey]));
        await ClusterAssert.FailsWith(ClusterErrorCode.Conflict, () => user.RegisterAsync(TestData.PublicKey()));

        Assert.Equal(rootPublicKey, (await user.GetProfileAsync()).RootPublicKey);
    }

    [Fact]
    public async Task Register_refuses_malformed_keys_and_changes_nothing()
    {
        var user = Client.GetUserGrain(TestData.RootIdentifier());
        var badPrefix = TestData.PublicKey();
        badPrefix[1] = 0x02;

        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => user.RegisterAsync(null!));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => user.RegisterAsync(TestData.Bytes(133)));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => user.RegisterAsync(TestData.Bytes(135)));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => user.RegisterAsync(badPrefix));

        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => user.GetProfileAsync());
        Assert.True(await user.RegisterAsync(TestData.PublicKey()));
    }

    [Theory]
    [InlineData("ABCD")]
    [InlineData("abc")]
    [InlineData("xyz0")]
    public async Task A_user_grain_key_must_be_a_root_identifier_in_lowercase_hex(string key)
    {
        var user = Client.GetGrain<IUserGrain>(key);
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => user.RegisterAsync(TestData.PublicKey()));
    }

    [Fact]
    public async Task A_root_identifier_longer_than_127_bytes_has_no_grain()
    {
        Assert.Equal(ClusterErrorCode.InvalidArgument,
            Assert.Throws<ClusterException>(() => Client.GetUserGrain(new byte[128])).Code);
        var user = Client.GetGrain<IUserGrain>(new string('a', 256));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => user.RegisterAsync(TestData.PublicKey()));
    }

    [Fact]
    public async Task The_profile_holds_everything_a_sender_needs()
    {
        var root = TestData.RootIdentifier();
        var rootPublicKey = TestData.PublicKey();
        var user = Client.GetUserGrain(root);
        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => user.GetProfileAsync());
        await user.RegisterAsync(rootPublicKey);
        var first = TestData.Node();
        var second = TestData.Node();

        Assert.True(await user.AddNodeAsync(first));
        Assert.True(await user.AddNodeAsync(second));

        var profile = await user.GetProfileAsync();
        Assert.Equal(root, profile.RootIdentifier);
        Assert.Equal(rootPublicKey, profile.RootPublicKey);
        Assert.Equal(2, profile.Nodes.Length);
        AssertSameNode(first, profile.Nodes[0]);
        AssertSameNode(second, profile.Nodes[1]);

        var chain = await Client.GetNodeGrain(second.NodeId).GetChainAsync();
        Assert.Equal(root, chain.RootIdentifier);
        Assert.Equal(rootPublicKey, chain.RootPublicKey);
        AssertSameNode(second, chain.Node);
    }

    [Fact]
    public async Task Adding_a_node_is_idempotent_and_other_keys_for_the_same_node_conflict()
    {
        var registered = await RegisteredNode.CreateAsync(Client);
        var node = registered.Node;

        Assert.False(await registered.User.AddNodeAsync(node with { NodeId = [.. node.NodeId] }));
        await ClusterAssert.FailsWith(ClusterErrorCode.Conflict,
            () => registered.User.AddNodeAsync(node with { NodePublicKey = TestData.PublicKey() }));
        await ClusterAssert.FailsWith(ClusterErrorCode.Conflict,
            () => registered.User.AddNodeAsync(node with { DevId = TestData.Bytes(32) }));

        var profile = await registered.User.GetProfileAsync();
        AssertSameNode(node, Assert.Single(profile.Nodes));
        AssertSameNode(node, (await registered.NodeGrain.GetChainAsync()).Node);
    }

    [Fact]
    public async Task Adding_a_malformed_node_changes_nothing()
    {
        var registered = await RegisteredNode.CreateAsync(Client);
        var node = TestData.Node();
        var badPrefix = TestData.PublicKey();
        badPrefix[0] = 0x01;
        NodeRegistration[] malformed =
        [
            node with { NodeId = TestData.Bytes(31) },
            node with { NodeId = null! },
            node with { DevId = TestData.Bytes(33) },
            node with { NodePublicKey = TestData.Bytes(134 - 1) },
            node with { NodePublicKey = badPrefix },
            node with { RootSignature = TestData.Bytes(142) },
            node with { RootSignature = null! },
        ];

        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => registered.User.AddNodeAsync(null!));
        foreach (var bad in malformed)
        {
            await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => registered.User.AddNodeAsync(bad));
        }

        Assert.Single((await registered.User.GetProfileAsync()).Nodes);
        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => Client.GetNodeGrain(node.NodeId).GetChainAsync());
    }

    [Fact]
    public async Task A_node_cannot_be_added_before_registration()
    {
        var user = Client.GetUserGrain(TestData.RootIdentifier());
        var node = TestData.Node();

        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => user.AddNodeAsync(node));
        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => Client.GetNodeGrain(node.NodeId).GetChainAsync());
    }

    [Fact]
    public async Task A_node_of_another_root_cannot_be_taken_or_removed()
    {
        var owner = await RegisteredNode.CreateAsync(Client);
        var other = Client.GetUserGrain(TestData.RootIdentifier());
        await other.RegisterAsync(TestData.PublicKey());

        await ClusterAssert.FailsWith(ClusterErrorCode.PermissionDenied, () => other.AddNodeAsync(owner.Node));
        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => other.RemoveNodeAsync(owner.Node.NodeId));
        await ClusterAssert.FailsWith(ClusterErrorCode.PermissionDenied,
            () => owner.NodeGrain.DetachAsync(TestData.RootIdentifier()));

        Assert.Empty((await other.GetProfileAsync()).Nodes);
        Assert.Equal(owner.RootIdentifier, (await owner.NodeGrain.GetChainAsync()).RootIdentifier);
    }

    [Fact]
    public async Task A_user_has_at_most_the_configured_number_of_nodes()
    {
        var user = Client.GetUserGrain(TestData.RootIdentifier());
        await user.RegisterAsync(TestData.PublicKey());
        for (var i = 0; i < TestLimits.MaxNodes; i++)
        {
            Assert.True(await user.AddNodeAsync(TestData.Node()));
        }

        var extra = TestData.Node();
        await ClusterAssert.FailsWith(ClusterErrorCode.LimitExceeded, () => user.AddNodeAsync(extra));

        Assert.Equal(TestLimits.MaxNodes, (await user.GetProfileAsync()).Nodes.Length);
        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => Client.GetNodeGrain(extra.NodeId).GetChainAsync());
    }

    [Fact]
    public async Task Removing_a_node_deletes_its_mailbox_and_key_pool()
    {
        var registered = await RegisteredNode.CreateAsync(Client);
        var keep = TestData.Node();
        await registered.User.AddNodeAsync(keep);
        for (var i = 0; i < 3; i++)
        {
            await registered.NodeGrain.EnqueueAsync($"m{i}", TestData.Packet());
        }

        await registered.Pool.UploadAsync(TestData.EphemeralKeys(1, 5));
        await registered.Pool.SetLastResortKeyAsync(TestData.EphemeralKey(10));

        await registered.User.RemoveNodeAsync(registered.Node.NodeId);

        var profile = await registered.User.GetProfileAsync();
        AssertSameNode(keep, Assert.Single(profile.Nodes));
        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => registered.NodeGrain.GetChainAsync());
        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => registered.NodeGrain.EnqueueAsync("late", TestData.Packet()));
        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => registered.Pool.GetStatusAsync());
        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => registered.Pool.ClaimAsync(TestData.NodeId()));
        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => registered.User.RemoveNodeAsync(registered.Node.NodeId));

        // The rows are gone from storage, not only hidden by the grains.
        Assert.Equal(0, (await fixture.SiloService<IMailboxStore>().SummarizeAsync(registered.GrainKey)).Count);
        Assert.Empty(await fixture.SiloService<IEphemeralKeyStore>().ListAsync(registered.GrainKey));

        // Added again, the node starts empty: no packet, key or last-resort key comes back.
        Assert.True(await registered.User.AddNodeAsync(registered.Node));
        var pool = await registered.Pool.GetStatusAsync();
        Assert.Equal(0, pool.Count);
        Assert.False(pool.HasLastResortKey);
        Assert.Empty(await registered.NodeGrain.ReadAsync(0, 10));
    }

    [Fact]
    public async Task Removing_needs_a_well_formed_known_node()
    {
        var registered = await RegisteredNode.CreateAsync(Client);

        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => registered.User.RemoveNodeAsync(TestData.Bytes(31)));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => registered.User.RemoveNodeAsync(null!));
        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => registered.User.RemoveNodeAsync(TestData.NodeId()));

        Assert.Single((await registered.User.GetProfileAsync()).Nodes);
    }

    [Fact]
    public async Task The_recovery_bundle_is_stored_fetched_with_its_verifier_and_replaced()
    {
        var user = Client.GetUserGrain(TestData.RootIdentifier());
        await user.RegisterAsync(TestData.PublicKey());
        var verifier = Verifier();
        await ClusterAssert.FailsWith(ClusterErrorCode.PermissionDenied, () => user.FetchRecoveryBundleAsync(verifier));

        var first = TestData.Bytes(1000);
        var second = TestData.Bytes(new UserOptions().MaxRecoveryBundleBytes);
        Assert.False(await user.StoreRecoveryBundleAsync(first, verifier));
        Assert.Equal(first, await user.FetchRecoveryBundleAsync(verifier));
        var newVerifier = Verifier();
        Assert.True(await user.StoreRecoveryBundleAsync(second, newVerifier));
        Assert.Equal(second, await user.FetchRecoveryBundleAsync(newVerifier));
        await ClusterAssert.FailsWith(ClusterErrorCode.PermissionDenied, () => user.FetchRecoveryBundleAsync(verifier));
    }

    [Fact]
    public async Task A_recovery_bundle_over_the_cap_or_empty_is_refused_and_the_stored_one_kept()
    {
        var user = Client.GetUserGrain(TestData.RootIdentifier());
        var verifier = Verifier();
        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => user.StoreRecoveryBundleAsync(TestData.Bytes(10), verifier));
        await user.RegisterAsync(TestData.PublicKey());
        var stored = TestData.Bytes(500);
        await user.StoreRecoveryBundleAsync(stored, verifier);

        await ClusterAssert.FailsWith(ClusterErrorCode.TooLarge,
            () => user.StoreRecoveryBundleAsync(TestData.Bytes(new UserOptions().MaxRecoveryBundleBytes + 1), Verifier()));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => user.StoreRecoveryBundleAsync([], Verifier()));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => user.StoreRecoveryBundleAsync(null!, Verifier()));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => user.StoreRecoveryBundleAsync(TestData.Bytes(10), TestData.Bytes(31)));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => user.StoreRecoveryBundleAsync(TestData.Bytes(10), null!));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => user.FetchRecoveryBundleAsync(TestData.Bytes(33)));

        Assert.Equal(stored, await user.FetchRecoveryBundleAsync(verifier));
    }

    [Fact]
    public async Task Unknown_user_no_bundle_and_wrong_verifier_get_the_same_refusal()
    {
        var unknown = Client.GetUserGrain(TestData.RootIdentifier());
        var withoutBundle = Client.GetUserGrain(TestData.RootIdentifier());
        await withoutBundle.RegisterAsync(TestData.PublicKey());
        var withBundle = Client.GetUserGrain(TestData.RootIdentifier());
        await withBundle.RegisterAsync(TestData.PublicKey());
        var verifier = Verifier();
        await withBundle.StoreRecoveryBundleAsync(TestData.Bytes(100), verifier);

        var refusals = new List<ClusterException>();
        foreach (var user in new[] { unknown, withoutBundle, withBundle })
        {
            refusals.Add(await Assert.ThrowsAsync<ClusterException>(() => user.FetchRecoveryBundleAsync(Verifier())));
        }

        Assert.All(refusals, r => Assert.Equal((ClusterErrorCode.PermissionDenied, RecoveryAccess.DeniedMessage), (r.Code, r.Message)));
        Assert.Equal(100, (await withBundle.FetchRecoveryBundleAsync(verifier)).Length);
    }

    [Fact]
    public async Task Wrong_verifiers_count_nothing_in_the_grain_and_the_owner_always_gets_the_bundle()
    {
        var user = Client.GetUserGrain(TestData.RootIdentifier());
        await user.RegisterAsync(TestData.PublicKey());
        var verifier = Verifier();
        var bundle = TestData.Bytes(100);
        await user.StoreRecoveryBundleAsync(bundle, verifier);

        // Guessing is slowed at the gateway, per source; the grain never refuses the right verifier.
        for (var i = 0; i < 25; i++)
        {
            await ClusterAssert.FailsWith(ClusterErrorCode.PermissionDenied, () => user.FetchRecoveryBundleAsync(Verifier()));
        }

        Assert.Equal(bundle, await user.FetchRecoveryBundleAsync(verifier));
    }

    [Fact]
    public async Task An_unknown_user_answers_like_a_wrong_key_and_keeps_no_state()
    {
        var unknown = Client.GetUserGrain(TestData.RootIdentifier());
        for (var i = 0; i < 3; i++)
        {
            await ClusterAssert.FailsWith(ClusterErrorCode.PermissionDenied, () => unknown.FetchRecoveryBundleAsync(Verifier()));
        }

        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => unknown.GetProfileAsync());
    }

    private static byte[] Verifier() => RecoveryAccess.Verifier(TestData.Bytes(RecoveryAccess.AccessKeySize));

    [Fact]
    public async Task The_user_survives_deactivation()
    {
        var registered = await RegisteredNode.CreateAsync(Client);
        var bundle = TestData.Bytes(2048);
        var verifier = Verifier();
        await registered.User.StoreRecoveryBundleAsync(bundle, verifier);

        await fixture.Cluster.DeactivateAsync(registered.User);
        await fixture.Cluster.DeactivateAsync(registered.NodeGrain);

        var profile = await registered.User.GetProfileAsync();
        Assert.Equal(registered.RootPublicKey, profile.RootPublicKey);
        AssertSameNode(registered.Node, Assert.Single(profile.Nodes));
        Assert.Equal(bundle, await registered.User.FetchRecoveryBundleAsync(verifier));
        Assert.False(await registered.User.RegisterAsync(registered.RootPublicKey));
        await ClusterAssert.FailsWith(ClusterErrorCode.Conflict, () => registered.User.RegisterAsync(TestData.PublicKey()));
        AssertSameNode(registered.Node, (await registered.NodeGrain.GetChainAsync()).Node);
    }

    private static void AssertSameNode(NodeRegistration expected, NodeRegistration actual)
    {
        Assert.Equal(expected.NodeId, actual.NodeId);
        Assert.Equal(expected.DevId, actual.DevId);
        Assert.Equal(expected.NodePublicKey, actual.NodePublicKey);
        Assert.Equal(expected.RootSignature, actual.RootSignature);
    }
}
