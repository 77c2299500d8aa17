namespace Wickr.Cluster.Contracts.Auth;

/// <summary>
/// The outstanding auth challenges of one node, keyed by the node identifier in lowercase hex
/// (<see cref="GrainKeys.ForNode"/>). Every gateway instance asks the same grain, so a nonce is accepted once in the
/// whole cluster. Nonces live in memory only: losing them (a silo restart) can only refuse a login, never accept one twice.
/// </summary>
public interface IAuthChallengeGrain : IGrainWithStringKey
{
    /// <summary>Issues a fresh nonce.</summary>
    /// <param name="lifetime">How long the nonce is valid (more than zero, at most <see cref="AuthLimits.MaxChallengeLifetime"/>).</param>
    /// <exception cref="ClusterException">
    /// <see cref="ClusterErrorCode.RateLimited"/> when <see cref="AuthLimits.MaxOutstandingChallenges"/> nonces are outstanding;
    /// <see cref="ClusterErrorCode.InvalidArgument"/> for a lifetime out of range.
    /// </exception>
    Task<AuthChallenge> IssueAsync(TimeSpan lifetime);

    /// <summary>Uses a nonce up: true once for a nonce issued here and not expired, false otherwise and ever after.</summary>
    /// <param name="nonce">The nonce the device signed.</param>
    Task<bool> TryConsumeAsync(byte[] nonce);
}
