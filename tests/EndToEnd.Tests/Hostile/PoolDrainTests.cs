using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Wickr.Cluster.EndToEnd.Tests.Hostile;

/// <summary>
/// Pool drain: a stranger registers a free account with the most nodes a user may have (64) and claims from a
/// victim's pool with every one of them, to push the victim's senders onto the last-resort key.
/// </summary>
[Trait("Category", "Slow")]
[Collection(HostileCollection.Name)]
public sealed class PoolDrainTests(HostileClusterFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public Task A_stranger_with_64_nodes_gets_one_users_budget_and_the_victim_keeps_its_one_time_keys() => fixture.RunAsync(output, async w =>
    {
        var victim = await w.UserAsync("victim", 1, options: w.Options(poolTarget: HostileClusterFixture.PoolKeys));
        var friend = await w.UserAsync("friend", 1);
        var stranger = await w.UserAsync("stranger", 64, connect: false, options: w.Options(poolTarget: 1));
        var before = (await victim[0].GetPoolStatusAsync()).Count;
        Assert.Equal(HostileClusterFixture.PoolKeys, before);

        // Offline, the victim cannot refill: whatever the stranger takes is gone.
        await victim[0].DisconnectAsync();
        var raw = new Raw(w.Cluster.Channel);
        var claim = new ClaimKeysRequest { NodeIdentifiers = { ByteString.CopyFrom(victim[0].Device.Chain.Node.Identifier) } };
        int attempts = 0, granted = 0, refused = 0, lastResort = 0;
        long longestRetryMs = 0;
        for (var round = 0; round < 3; round++)
        {
            foreach (var device in stranger.Devices)
            {
                var token = await device.Session.TokenAsync(CancellationToken.None);
                using var call = raw.Keys.ClaimKeysAsync(claim, Raw.Bearer(token));
                var result = (await call).Keys.Single();
                attempts++;
                if (result.Key is not null)
                {
                    granted++;
                    lastResort += result.LastResort ? 1 : 0;
                    continue;
                }

                Assert.Equal((int)StatusCode.ResourceExhausted, result.ErrorCode);
                Assert.True(result.RetryAfterMs > 0, "a refused claim says when to retry");
                Assert.Equal(result.RetryAfterMs.ToString(System.Globalization.CultureInfo.InvariantCulture), call.GetTrailers().GetValue("retry-after-ms"));
                longestRetryMs = Math.Max(longestRetryMs, result.RetryAfterMs);
                refused++;
            }
        }

        var after = (await victim[0].GetPoolStatusAsync()).Count;
        var kept = (double)after / before;
        w.Log($"stranger with {stranger.Devices.Count} nodes: {attempts} claims, {granted} granted, {refused} refused "
            + $"(RESOURCE_EXHAUSTED, retry-after up to {longestRetryMs} ms), {lastResort} last-resort; "
            + $"victim kept {after} of {before} one-time keys ({kept:P1})");
        Assert.Equal(0, lastResort);
        Assert.Equal(before - granted, after);
        Assert.True(kept >= 0.8, $"victim kept only {kept:P1}");

        // The victim still works: back online, a friend's message still uses a one-time key and arrives.
        await victim[0].ConnectAsync();
        var sent = await friend[0].SendAsync(victim.Root, w.Text("after the drain"));
        Assert.True(sent.AllQueued, string.Join("; ", sent.Failures));
        Assert.False(sent.Deliveries.Single().LastResortKey);
        var received = await victim[0].NextAsync();
        Assert.Equal(sent.MessageId, received.MessageId);
        Assert.False(received.ViaLastResortKey);
    });
}
