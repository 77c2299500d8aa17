namespace Wickr.Cluster.Grains.Interfaces.Auth;

/// <summary>
/// The challenge nonces of one node that already bought a token, keyed by the node identifier in lowercase hex
/// (<see cref="GrainKeys.ForNode"/>), each until it expires. Asked only after the answer's signature verified, so
/// only the node's own key can add to it: strangers hold no state here. Kept in memory and kept active while it holds
/// a nonce; losing it (a silo crash) only reopens the replay of an answer already seen on the wire within its lifetime.
/// </summary>
[Alias("wickr.auth-replay.v1")]
public interface IAuthReplayGrain : IGrainWithStringKey
{
    /// <summary>Uses a nonce up: true the first time, false for a nonce already used.</summary>
    /// <param name="nonce">The nonce (<see cref="AuthLimits.NonceSize"/> bytes).</param>
    /// <param name="expiresAt">When the nonce expires; after that it is forgotten (at most <see cref="AuthLimits.MaxChallengeLifetime"/> ahead).</param>
    /// <exception cref="ClusterException">
    /// <see cref="ClusterErrorCode.RateLimited"/> when <see cref="AuthLimits.MaxUsedNonces"/> unexpired nonces are held;
    /// <see cref="ClusterErrorCode.InvalidArgument"/> for a malformed nonce or expiry.
    /// </exception>
    [Alias("try-use")]
    Task<bool> TryUseAsync(byte[] nonce, DateTimeOffset expiresAt);
}
