using Microsoft.Extensions.DependencyInjection;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Interfaces.Auth;

namespace Wickr.Cluster.Grains.Auth;

/// <inheritdoc cref="IAuthReplayGrain"/>
[GrainType("wickr-auth-replay")]
internal sealed class AuthReplayGrain(
    [FromKeyedServices(WickrGrains.TimeProviderKey)] TimeProvider time) : Grain, IAuthReplayGrain
{
    private readonly Dictionary<string, DateTimeOffset> _used = [];

    public Task<bool> TryUseAsync(byte[] nonce, DateTimeOffset expiresAt)
    {
        if (!GrainKeys.IsNodeGrainKey(this.GetPrimaryKeyString()))
        {
            throw Require.Invalid("An auth replay grain key is a node identifier in lowercase hex.");
        }

        var now = time.GetUtcNow();
        if (nonce is null || nonce.Length != AuthLimits.NonceSize || expiresAt > now + AuthLimits.MaxChallengeLifetime)
        {
            throw Require.Invalid($"A nonce has {AuthLimits.NonceSize} bytes and expires within {AuthLimits.MaxChallengeLifetime}.");
        }

        foreach (var (key, until) in _used.Where(u => u.Value <= now).ToList())
        {
            _used.Remove(key);
        }

        var hex = Convert.ToHexStringLower(nonce);
        if (expiresAt <= now || _used.ContainsKey(hex))
        {
            return Task.FromResult(false);
        }

        if (_used.Count >= AuthLimits.MaxUsedNonces)
        {
            throw Require.Error(ClusterErrorCode.RateLimited,
                $"The node bought {AuthLimits.MaxUsedNonces} tokens within a challenge lifetime; wait a little.");
        }

        _used[hex] = expiresAt;
        // Stay active while a nonce could still be replayed, whatever the idle collection age.
        this.DelayDeactivation(_used.Values.Max() - now);
        return Task.FromResult(true);
    }
}
