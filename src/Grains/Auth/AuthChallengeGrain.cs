using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Wickr.Cluster.Contracts;
using Wickr.Cluster.Contracts.Auth;

namespace Wickr.Cluster.Grains.Auth;

/// <inheritdoc cref="IAuthChallengeGrain"/>
/// <remarks>
/// No persistent state on purpose: a nonce must never be accepted twice, and forgetting one (deactivation, silo
/// crash) only makes the device ask again. Nonces are compared in constant time.
/// </remarks>
[GrainType("wickr-auth-challenge")]
internal sealed class AuthChallengeGrain(
    [FromKeyedServices(WickrGrains.TimeProviderKey)] TimeProvider time) : Grain, IAuthChallengeGrain
{
    private readonly List<AuthChallenge> _outstanding = [];

    public Task<AuthChallenge> IssueAsync(TimeSpan lifetime)
    {
        EnsureValidKey();
        if (lifetime <= TimeSpan.Zero || lifetime > AuthLimits.MaxChallengeLifetime)
        {
            throw Require.Invalid($"A challenge lifetime is more than zero and at most {AuthLimits.MaxChallengeLifetime}.");
        }

        var now = time.GetUtcNow();
        _outstanding.RemoveAll(c => c.ExpiresAt <= now);
        if (_outstanding.Count >= AuthLimits.MaxOutstandingChallenges)
        {
            throw Require.Error(ClusterErrorCode.RateLimited,
                $"The node has {AuthLimits.MaxOutstandingChallenges} unused challenges; use one or wait for them to expire.");
        }

        var challenge = new AuthChallenge(RandomNumberGenerator.GetBytes(AuthLimits.NonceSize), now + lifetime);
        _outstanding.Add(challenge);
        return Task.FromResult(challenge);
    }

    public Task<bool> TryConsumeAsync(byte[] nonce)
    {
        EnsureValidKey();
        if (nonce is null || nonce.Length != AuthLimits.NonceSize)
        {
            return Task.FromResult(false);
        }

        var now = time.GetUtcNow();
        _outstanding.RemoveAll(c => c.ExpiresAt <= now);
        var index = _outstanding.FindIndex(c => CryptographicOperations.FixedTimeEquals(c.Nonce, nonce));
        if (index < 0)
        {
            return Task.FromResult(false);
        }

        _outstanding.RemoveAt(index);
        return Task.FromResult(true);
    }

    private void EnsureValidKey()
    {
        if (!GrainKeys.IsNodeKey(this.GetPrimaryKeyString()))
        {
            throw Require.Invalid("An auth challenge grain key is a node identifier in lowercase hex.");
        }
    }
}
