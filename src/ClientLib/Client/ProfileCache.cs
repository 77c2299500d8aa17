using System.Collections.Concurrent;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// Profiles by root identifier. An entry is used until it is older than the configured lifetime or is invalidated
/// because its node set is known to have changed (a claim found a node gone, a packet came from an unknown node).
/// </summary>
internal sealed class ProfileCache(
    ICryptoSuite suite, TimeProvider time, TimeSpan lifetime, Func<byte[], CancellationToken, Task<GetProfileResponse>> fetch)
{
    private readonly ConcurrentDictionary<string, PeerProfile> _profiles = new(StringComparer.Ordinal);

    public async Task<PeerProfile> GetAsync(byte[] rootIdentifier, bool refresh, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexStringLower(rootIdentifier);
        if (!refresh && _profiles.TryGetValue(key, out var cached) && time.GetUtcNow() - cached.FetchedAt < lifetime)
        {
            return cached;
        }
        var response = await fetch(rootIdentifier, cancellationToken);
        var profile = PeerProfile.From(suite, rootIdentifier, response, time.GetUtcNow());
        _profiles[key] = profile;
        return profile;
    }

    public void Invalidate(string rootIdentifierHex) => _profiles.TryRemove(rootIdentifierHex, out _);
}
