using Microsoft.Extensions.DependencyInjection;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Interfaces.Auth;

namespace Wickr.Cluster.Grains.Auth;

/// <inheritdoc cref="IRootRequestGuardGrain"/>
[GrainType("wickr-root-request-guard")]
internal sealed class RootRequestGuardGrain(
    [PersistentState("guard", WickrGrains.StorageName)] IPersistentState<RootRequestGuardState> state,
    [FromKeyedServices(WickrGrains.TimeProviderKey)] TimeProvider time) : Grain, IRootRequestGuardGrain
{
    public Task<bool> WasCarriedOutAsync(byte[] requestDigest)
    {
        var key = Validate(requestDigest);
        var now = time.GetUtcNow();
        var requests = state.State.Requests;
        if (requests.TryGetValue(key, out var forgetAfter) && forgetAfter > now)
        {
            return Task.FromResult(true);
        }

        // Pruned in memory only: the next write persists it, and a stale entry on disk is pruned again on reload.
        foreach (var (digest, until) in requests.Where(r => r.Value <= now).ToList())
        {
            requests.Remove(digest);
        }

        if (requests.Count >= AuthLimits.MaxRememberedRequests)
        {
            throw Require.Error(ClusterErrorCode.RateLimited,
                $"The user has {AuthLimits.MaxRememberedRequests} recent signed requests; wait for older ones to expire.");
        }

        return Task.FromResult(false);
    }

    public async Task RecordAsync(byte[] requestDigest, DateTimeOffset forgetAfter)
    {
        var key = Validate(requestDigest);
        var requests = state.State.Requests;
        if (forgetAfter <= time.GetUtcNow()
            || (requests.TryGetValue(key, out var current) && current >= forgetAfter))
        {
            return;
        }

        requests.TryGetValue(key, out var previous);
        requests[key] = forgetAfter;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            if (previous == default)
            {
                requests.Remove(key);
            }
            else
            {
                requests[key] = previous;
            }

            throw;
        }
    }

    private string Validate(byte[] requestDigest)
    {
        if (!GrainKeys.IsRootGrainKey(this.GetPrimaryKeyString()))
        {
            throw Require.Invalid("A request guard grain key is a root identifier in lowercase hex.");
        }

        if (requestDigest is null
            || requestDigest.Length < AuthLimits.MinRequestDigest
            || requestDigest.Length > AuthLimits.MaxRequestDigest)
        {
            throw Require.Invalid(
                $"A request digest has {AuthLimits.MinRequestDigest} to {AuthLimits.MaxRequestDigest} bytes.");
        }

        return Convert.ToHexStringLower(requestDigest);
    }
}
