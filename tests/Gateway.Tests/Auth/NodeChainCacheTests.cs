extern alias gateway;
using gateway::Wickr.Cluster.Gateway;
using gateway::Wickr.Cluster.Gateway.Auth;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Tests.Fixtures;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Gateway.Tests.Auth;

/// <summary>
/// Authentication caches node chains (no grain call of its own per request), and a removed node's token is refused
/// at once on the gateway that removed it and within <see cref="GatewayOptions.NodeCacheBound"/> on any other.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class NodeChainCacheTests(GatewayFixture fixture)
{
    private static readonly TimeSpan Bound = new GatewayOptions().NodeCacheBound;

    [Fact]
    public async Task A_removed_nodes_token_is_refused_at_once_where_removed_and_after_one_poll_on_another_gateway()
    {
        using var user = new TestUser();
        using var device = await fixture.Clients.NewDeviceAsync(user);
        using var other = await fixture.Clients.NewDeviceAsync(user);

        // A second gateway in front of the same cluster, with its own clock: its polls run when that clock moves.
        var otherTime = new FakeTimeProvider(fixture.Time.GetUtcNow());
        await using var second = await GatewayHost.StartAsync(fixture.Client, otherTime, GatewayHost.Settings(fixture.TokenSecret));
        var secondKeys = new EphemeralKeys.EphemeralKeysClient(second.Channel);
        var secondCache = second.Services.GetRequiredService<NodeChainCache>();
        await secondCache.PollAsync();

        await fixture.Clients.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), device.Headers);
        await secondKeys.GetPoolStatusAsync(new GetPoolStatusRequest(), device.Headers);
        Assert.True(secondCache.TryGet(device.NodeIdentifier, out var cached));
        Assert.Equal(device.NodeIdentifier, cached.Chain.Node.NodeId);

        await fixture.Clients.Accounts.RemoveNodeAsync(user.RemoveNodeRequest(device, fixture.Time.GetUtcNow()));
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "no longer registered",
            () => fixture.Clients.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), device.Headers));

        // A quarter of the bound later the second gateway reads the removal log and drops the node.
        otherTime.Advance(Bound / 4);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (secondCache.TryGet(device.NodeIdentifier, out _) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "no longer registered",
            () => secondKeys.GetPoolStatusAsync(new GetPoolStatusRequest(), device.Headers));

        // The victim's other device still works on both gateways.
        await fixture.Clients.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), other.Headers);
        await secondKeys.GetPoolStatusAsync(new GetPoolStatusRequest(), other.Headers);
    }

    [Fact]
    public async Task The_cache_answers_only_within_the_bound_of_its_last_look_at_the_removal_log()
    {
        var time = new FakeTimeProvider(fixture.Time.GetUtcNow());
        var cache = new NodeChainCache(fixture.Client, Options.Create(new GatewayOptions()), time);
        using var device = await fixture.Clients.NewDeviceAsync();
        var chain = await fixture.Client.GetNodeGrain(device.NodeIdentifier).GetChainAsync();

        // Never polled: nothing is answered from the cache.
        cache.Add(chain, cache.Generation);
        Assert.False(cache.TryGet(device.NodeIdentifier, out _));

        // The first look at the log cannot tell what happened before: it drops what was cached.
        await cache.PollAsync();
        Assert.False(cache.TryGet(device.NodeIdentifier, out _));
        cache.Add(chain, cache.Generation);
        Assert.True(cache.TryGet(device.NodeIdentifier, out _));
        time.Advance(Bound);
        Assert.True(cache.TryGet(device.NodeIdentifier, out _));

        // No successful poll for longer than the bound (the log unreachable): every request asks the node grain.
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(cache.TryGet(device.NodeIdentifier, out _));
        await cache.PollAsync();
        Assert.True(cache.TryGet(device.NodeIdentifier, out _));
    }

    [Fact]
    public async Task A_chain_fetched_before_a_removal_was_seen_is_not_kept()
    {
        var time = new FakeTimeProvider(fixture.Time.GetUtcNow());
        var cache = new NodeChainCache(fixture.Client, Options.Create(new GatewayOptions()), time);
        await cache.PollAsync();
        using var user = new TestUser();
        using var device = await fixture.Clients.NewDeviceAsync(user);

        // The race: a request reads the chain, the node is removed and the removal polled, then the request adds it.
        var generation = cache.Generation;
        var chain = await fixture.Client.GetNodeGrain(device.NodeIdentifier).GetChainAsync();
        await fixture.Clients.Accounts.RemoveNodeAsync(user.RemoveNodeRequest(device, fixture.Time.GetUtcNow()));
        await cache.PollAsync();
        cache.Add(chain, generation);

        Assert.False(cache.TryGet(device.NodeIdentifier, out _));
    }

    [Fact]
    public async Task A_new_removal_log_incarnation_or_a_reader_too_far_behind_drops_everything()
    {
        var log = fixture.Client.GetGrain<INodeRemovalLogGrain>(0);
        var current = await log.SinceAsync(Guid.Empty, 0);
        Assert.False(current.Complete);
        Assert.Empty(current.NodeIdentifiers);

        var node = RandomNodeIdentifier();
        await log.RecordAsync(node);
        var next = await log.SinceAsync(current.Incarnation, current.Position);
        Assert.True(next.Complete);
        Assert.Equal([node], next.NodeIdentifiers);
        Assert.Equal(current.Position + 1, next.Position);

        Assert.False((await log.SinceAsync(Guid.NewGuid(), next.Position)).Complete);
        Assert.False((await log.SinceAsync(current.Incarnation, next.Position + 1)).Complete);
        await Assert.ThrowsAsync<ClusterException>(() => log.RecordAsync([1, 2, 3]));
    }

    private static byte[] RandomNodeIdentifier() => System.Security.Cryptography.RandomNumberGenerator.GetBytes(ProtocolSizes.NodeIdentifier);
}
