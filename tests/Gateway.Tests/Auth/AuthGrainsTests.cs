using System.Security.Cryptography;
using Wickr.Cluster.Contracts;
using Wickr.Cluster.Contracts.Auth;
using Wickr.Cluster.Gateway.Tests.Fixtures;

namespace Wickr.Cluster.Gateway.Tests.Auth;

[Collection(GatewayCollection.Name)]
public sealed class AuthGrainsTests(GatewayFixture fixture)
{
    [Fact]
    public async Task A_nonce_is_consumed_once_and_only_before_it_expires()
    {
        var grain = Challenges();
        var first = await grain.IssueAsync(TimeSpan.FromSeconds(60));
        var second = await grain.IssueAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(AuthLimits.NonceSize, first.Nonce.Length);
        Assert.NotEqual(first.Nonce, second.Nonce);

        Assert.True(await grain.TryConsumeAsync(first.Nonce));
        Assert.False(await grain.TryConsumeAsync(first.Nonce));
        Assert.False(await grain.TryConsumeAsync(RandomNumberGenerator.GetBytes(AuthLimits.NonceSize)));
        Assert.False(await grain.TryConsumeAsync([1, 2, 3]));

        fixture.Time.Advance(TimeSpan.FromSeconds(60));
        Assert.False(await grain.TryConsumeAsync(second.Nonce));
    }

    [Fact]
    public async Task A_nonce_lifetime_out_of_range_is_invalid()
    {
        var grain = Challenges();
        foreach (var lifetime in new[] { TimeSpan.Zero, AuthLimits.MaxChallengeLifetime + TimeSpan.FromSeconds(1) })
        {
            var ex = await Assert.ThrowsAsync<ClusterException>(() => grain.IssueAsync(lifetime));
            Assert.Equal(ClusterErrorCode.InvalidArgument, ex.Code);
        }
    }

    [Fact]
    public async Task A_bad_grain_key_is_invalid()
    {
        var ex = await Assert.ThrowsAsync<ClusterException>(
            () => fixture.Client.GetGrain<IAuthChallengeGrain>("not-a-node").IssueAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal(ClusterErrorCode.InvalidArgument, ex.Code);
        ex = await Assert.ThrowsAsync<ClusterException>(
            () => fixture.Client.GetGrain<IRootRequestGuardGrain>("XYZ").WasCarriedOutAsync(new byte[32]));
        Assert.Equal(ClusterErrorCode.InvalidArgument, ex.Code);
    }

    [Fact]
    public async Task A_carried_out_request_is_remembered_until_it_may_be_forgotten()
    {
        var guard = fixture.Client.GetGrain<IRootRequestGuardGrain>(GrainKeys.ForRoot(RandomNumberGenerator.GetBytes(16)));
        var digest = RandomNumberGenerator.GetBytes(32);
        Assert.False(await guard.WasCarriedOutAsync(digest));

        await guard.RecordAsync(digest, fixture.Time.GetUtcNow() + TimeSpan.FromMinutes(5));
        Assert.True(await guard.WasCarriedOutAsync(digest));
        Assert.False(await guard.WasCarriedOutAsync(RandomNumberGenerator.GetBytes(32)));

        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(await guard.WasCarriedOutAsync(digest));

        var ex = await Assert.ThrowsAsync<ClusterException>(() => guard.RecordAsync(new byte[8], fixture.Time.GetUtcNow().AddMinutes(1)));
        Assert.Equal(ClusterErrorCode.InvalidArgument, ex.Code);
    }

    [Fact]
    public async Task A_user_with_too_many_recent_requests_is_rate_limited()
    {
        var guard = fixture.Client.GetGrain<IRootRequestGuardGrain>(GrainKeys.ForRoot(RandomNumberGenerator.GetBytes(16)));
        var until = fixture.Time.GetUtcNow() + TimeSpan.FromMinutes(5);
        for (var i = 0; i < AuthLimits.MaxRememberedRequests; i++)
        {
            await guard.RecordAsync(RandomNumberGenerator.GetBytes(32), until);
        }

        var ex = await Assert.ThrowsAsync<ClusterException>(() => guard.WasCarriedOutAsync(RandomNumberGenerator.GetBytes(32)));
        Assert.Equal(ClusterErrorCode.RateLimited, ex.Code);

        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(await guard.WasCarriedOutAsync(RandomNumberGenerator.GetBytes(32)));
    }

    private IAuthChallengeGrain Challenges() =>
        fixture.Client.GetGrain<IAuthChallengeGrain>(GrainKeys.ForNode(RandomNumberGenerator.GetBytes(32)));
}
