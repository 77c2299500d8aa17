using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Wickr.Cluster.EndToEnd.Tests.Hostile;

/// <summary>
/// Free activations: a stranger names made-up users and nodes by the ten thousand (profiles, claims, recovery bundle
/// fetches), to
/// make the silo create grains, read storage and keep activations for nothing. Orleans' own count of activations
/// (<see cref="IManagementGrain"/>) shows what is left behind.
/// </summary>
[Trait("Category", "Slow")]
[Collection(HostileCollection.Name)]
public sealed class UnknownIdsTests(HostileClusterFixture fixture, ITestOutputHelper output)
{
    private const int Batches = 4;
    private const int ClaimCallsPerBatch = 6;
    private const int NodesPerClaim = 500;
    private const int ProfilesPerBatch = 200;

    // The real users' devices may activate a few grains meanwhile (pool replenishment); a leak leaves thousands.
    private const int Slack = 50;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public Task Made_up_ids_write_nothing_and_leave_no_activation_behind() => fixture.RunAsync(output, async w =>
    {
        var alice = await w.UserAsync("alice", 1);
        var bob = await w.UserAsync("bob", 1);
        var stranger = await w.UserAsync("stranger", 1, connect: false);
        var raw = new Raw(w.Cluster.Channel);
        var asStranger = Raw.Bearer(await stranger[0].Session.TokenAsync(CancellationToken.None));
        await using var activations = await SiloActivations.ConnectAsync(w.Cluster);
        await WaitQuietAsync(w);
        var storedBefore = await SqliteSnapshot.TakeAsync(w.Cluster);

        // Batch after batch of made-up ids: each id names a user, node or pool grain, which finds nothing in storage
        // and deactivates as soon as it is idle. Without that defence every id would leave an activation behind (about
        // 7.8 KB each) until the silo collects idle ones, many minutes later.
        var baseline = await activations.CountAsync();
        var counts = new List<int> { baseline };
        var ids = 0;
        for (var batch = 0; batch < Batches; batch++)
        {
            var named = await ProbeAsync(raw, asStranger, ClaimCallsPerBatch, ProfilesPerBatch);
            ids += named;
            counts.Add(await activations.SettledAsync(baseline + Slack, Patience));
            Assert.True(counts[^1] <= baseline + Slack,
                $"{counts[^1] - baseline} activations left behind by the {named} made-up ids of batch {batch + 1} (activations after each batch: {string.Join(" -> ", counts)})");
        }

        var storedAfter = await SqliteSnapshot.TakeAsync(w.Cluster);
        w.Log($"{ids} made-up ids ({Batches} x ({ClaimCallsPerBatch} x {NodesPerClaim} pools + {ProfilesPerBatch} profiles + {ProfilesPerBatch} recovery fetches)): "
            + $"every answer NOT_FOUND (PERMISSION_DENIED for recovery), storage unchanged; user, node and pool activations after each batch: {string.Join(" -> ", counts)}");
        Assert.Equal(storedBefore, storedAfter);

        // Real users still work.
        var sent = await alice[0].SendAsync(bob.Root, w.Text("still here"));
        Assert.True(sent.AllQueued, string.Join("; ", sent.Failures));
        Assert.Equal(sent.MessageId, (await bob[0].NextAsync()).MessageId);
    });

    private static async Task<int> ProbeAsync(Raw raw, Metadata asStranger, int claimCalls, int profiles)
    {
        var ids = 0;
        for (var i = 0; i < claimCalls; i++)
        {
            var claim = new ClaimKeysRequest();
            for (var n = 0; n < NodesPerClaim; n++)
            {
                claim.NodeIdentifiers.Add(ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32)));
            }

            var keys = (await raw.Keys.ClaimKeysAsync(claim, asStranger)).Keys;
            Assert.All(keys, k => Assert.Equal((int)StatusCode.NotFound, k.ErrorCode));
            ids += keys.Count;
        }

        await Parallel.ForAsync(0, profiles, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
        {
            var request = new GetProfileRequest { RootIdentifier = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32)) };
            var error = await Assert.ThrowsAsync<RpcException>(() => raw.Accounts.GetProfileAsync(request, asStranger).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, error.StatusCode);
        });

        // Recovery bundle fetches for made-up users: refused like a wrong key, and no failure count kept in the cluster.
        await Parallel.ForAsync(0, profiles, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
        {
            var request = new FetchRecoveryBundleRequest
            {
                RootIdentifier = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32)),
                AccessKey = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32)),
            };
            var error = await Assert.ThrowsAsync<RpcException>(() => raw.Accounts.FetchRecoveryBundleAsync(request).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        });
        return ids + (2 * profiles);
    }

    // Storage settles before the snapshot: the users' devices upload keys when they connect.
    private static async Task WaitQuietAsync(World w)
    {
        var previous = await SqliteSnapshot.TakeAsync(w.Cluster);
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(250);
            var next = await SqliteSnapshot.TakeAsync(w.Cluster);
            if (next.Count == previous.Count && next.All(t => previous[t.Key].SequenceEqual(t.Value)))
            {
                return;
            }

            previous = next;
        }
    }
}
