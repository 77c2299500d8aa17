namespace Wickr.Cluster.Grains.Interfaces.Auth;

/// <summary>
/// One single-use registration token, keyed by its id in lowercase hex (16 bytes, 32 characters). Asked only after
/// the token's operator signature verified, so nobody without the operator key can create one. Persistent: a used
/// token stays used across restarts until it expires.
/// </summary>
[Alias("wickr.registration-token.v1")]
public interface IRegistrationTokenGrain : IGrainWithStringKey
{
    /// <summary>
    /// True when the token is unused (it is now used by <paramref name="rootIdentifier"/>) or already used by that same
    /// root (a retried registration); false when another root used it.
    /// </summary>
    /// <param name="rootIdentifier">The root identifier being registered.</param>
    /// <param name="expiresAt">The token's expiry; the grain may forget it afterwards.</param>
    [Alias("try-use")]
    Task<bool> TryUseAsync(byte[] rootIdentifier, DateTimeOffset expiresAt);
}
