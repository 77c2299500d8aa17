using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.EndToEnd.Tests.Harness;

namespace Wickr.Cluster.EndToEnd.Tests.Scenarios;

/// <summary>
/// What load tests observe through WickrClient: claiming without sending, the "pool low" signal and the replenish
/// it causes, and the reaction delay before it. The silo's low-water mark is 20.
/// </summary>
public sealed partial class EmbeddedClusterTests
{
    [Fact]
    public Task Claiming_without_a_send_takes_one_time_keys_then_the_last_resort_key_and_queues_nothing() => Run(async w =>
    {
        var alice = await w.UserAsync("alice", 1);
        var bob = await w.UserAsync("bob", 1, options: w.Options(poolTarget: 3));
        await bob[0].DisconnectAsync();

        var claims = new List<KeyClaim>();
        for (var i = 0; i < 5; i++)
        {
            claims.AddRange(await alice[0].ClaimKeysAsync([bob.Root]));
        }

        Assert.Equal(
            [KeyClaimOutcome.OneTime, KeyClaimOutcome.OneTime, KeyClaimOutcome.OneTime, KeyClaimOutcome.LastResort, KeyClaimOutcome.LastResort],
            claims.Select(c => c.Outcome));
        Assert.All(claims, c => Assert.Equal((bob[0].NodeIdentifierHex, bob.RootHex), (c.NodeIdentifierHex, c.RootIdentifierHex)));
        Assert.Equal(3, claims.Take(3).Select(c => c.KeyId).Distinct().Count());
        Assert.Equal(claims[3].KeyId, claims[4].KeyId);
        Assert.Equal(0, (await bob[0].GetPoolStatusAsync()).Count);

        // Nothing was queued for Bob, and a real send still reaches him once he is back (via his refilled pool).
        await bob[0].ConnectAsync();
        Assert.Equal(0, bob[0].LastHandledSequence);
        var sent = await alice[0].SendAsync(bob.Root, w.Text("after the claims"));
        Assert.True(sent.AllQueued, string.Join("; ", sent.Failures));
        Assert.Equal(sent.MessageId, (await bob[0].NextAsync()).MessageId);
    });

    [Fact]
    public Task A_pool_low_signal_is_raised_and_the_replenish_waits_for_the_reaction_delay() => Run(async w =>
    {
        var alice = await w.UserAsync("alice", 1);
        var delay = TimeSpan.FromMilliseconds(800);
        var defaults = w.Options();
        var bob = await w.UserAsync("bob", 1, options: new WickrClientOptions
        {
            Suite = defaults.Suite,
            RetryDelay = defaults.RetryDelay,
            PoolTargetSize = 25,
            ReplenishDelay = delay,
        });
        var signalled = new TaskCompletionSource<PoolLowEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var replenished = new TaskCompletionSource<KeysReplenishedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        bob[0].PoolLowSignalled += (_, e) => signalled.TrySetResult(e);
        bob[0].KeysReplenished += (_, e) => replenished.TrySetResult(e);

        // Six claims take the pool of 25 to 19, under the mark of 20.
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(KeyClaimOutcome.OneTime, Assert.Single(await alice[0].ClaimKeysAsync([bob.Root])).Outcome);
        }
        var low = await signalled.Task.WaitAsync(World.Patience);
        var refill = await replenished.Task.WaitAsync(World.Patience);

        Assert.Equal(19, low.Remaining);
        Assert.Equal(6, refill.Published);
        Assert.True(refill.CompletedAt - low.ReceivedAt >= delay, $"replenished {(refill.CompletedAt - low.ReceivedAt).TotalMilliseconds} ms after the signal");
        Assert.Equal(25, (await bob[0].GetPoolStatusAsync()).Count);
    });
}
