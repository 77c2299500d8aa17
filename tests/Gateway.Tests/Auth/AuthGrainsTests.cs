using System.Security.Cryptography;
using Wickr.Cluster.Gateway.Tests.Fixtures;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Interfaces.Auth;

namespace Wickr.Cluster.Gateway.Tests.Auth;

[Collection(GatewayCollection.Name)]
public sealed class AuthGrainsTests(GatewayFixture fixture)
{
    [Fact]
    public async Task A_nonce_is_used_once_and_forgotten_after_it_expires()
    {
        var grain = Replays();
        var nonce = RandomNumberGenerator.GetBytes(AuthLimits.NonceSize);
        var expiresAt = fixture.Time.GetUtcNow() + TimeSpan.FromSeconds(60);
        Assert.True(await grain.TryUseAsync(nonce, expiresAt));
        Assert.False(await grain.TryUseAsync(nonce, expiresAt));
        Assert.True(await grain.TryUseAsync(RandomNumberGenerator.GetBytes(AuthLimits.NonceSize), expiresAt));
        Assert.False(await grain.TryUseAsync(RandomNumberGenerator.GetBytes(AuthLimits.NonceSize), fixture.Time.GetUtcNow()));

        var ex = await Assert.ThrowsAsync<ClusterException>(() => grain.TryUseAsync([1, 2, 3], expiresAt));
        Assert.Equal(ClusterErrorCode.InvalidArgument, ex.Code);
        ex = await Assert.ThrowsAsync<ClusterException>(
            () => grain.TryUseAsync(nonce, fixture.Time.GetUtcNow() + AuthLimits.MaxChallengeLifetime + TimeSpan.FromSeconds(1)));
        Assert.Equal(ClusterErrorCode.InvalidArgument, ex.Code);
    }

    [Fact]
    public async Task A_node_holding_too_many_used_nonces_is_rate_limited_until_they_expire()
    {
        var grain = Replays();
        var expiresAt = fixture.Time.GetUtcNow() + TimeSpan.FromSeconds(60);
        for (var i = 0; i < AuthLimits.MaxUsedNonces; i++)
        {
            Assert.True(await grain.TryUseAsync(RandomNumberGenerator.GetBytes(AuthLimits.NonceSize), expiresAt));
        }

        var ex = await Assert.ThrowsAsync<ClusterException>(
            () => grain.TryUseAsync(RandomNumberGenerator.GetBytes(AuthLimits.NonceSize), expiresAt));
        Assert.Equal(ClusterErrorCode.RateLimited, ex.Code);

        fixture.Time.Advance(TimeSpan.FromSeconds(60));
        Assert.True(await grain.TryUseAsync(RandomNumberGenerator.GetBytes(AuthLimits.NonceSize), fixture.Time.GetUtcNow() + TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task A_bad_grain_key_is_invalid()
    {
        var ex = await Assert.ThrowsAsync<ClusterException>(
            () => fixture.Client.GetGrain<IAuthReplayGrain>("not-a-node").TryUseAsync(new byte[AuthLimits.NonceSize], fixture.Time.GetUtcNow()));
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

    private IAuthReplayGrain Replays() =>
        fixture.Client.GetGrain<IAuthReplayGrain>(GrainKeys.ForNode(RandomNumberGenerator.GetBytes(32)));
}
