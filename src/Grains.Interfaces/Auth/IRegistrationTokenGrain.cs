namespace Wickr.Cluster.Grains.Interfaces.Auth;

/// <summary>
/// One registration token's uses, keyed by its id in lowercase hex (16 bytes, 32 characters). Asked only after the
/// token's operator signature verified, so nobody without the operator key can create one. Persistent: the roots that
/// used a token stay counted across restarts until it expires.
/// </summary>
[Alias("wickr.registration-token.v1")]
public interface IRegistrationTokenGrain : IGrainWithStringKey
{
    /// <summary>
    /// True when <paramref name="rootIdentifier"/> already used the token (a retried registration) or fewer than
    /// <paramref name="maxUses"/> roots did (it is now counted as one of them); false when <paramref name="maxUses"/>
    /// other roots used it.
    /// </summary>
    /// <param name="rootIdentifier">The root identifier being registered.</param>
    /// <param name="expiresAt">The token's expiry; the grain may forget it afterwards.</param>
    /// <param name="maxUses">How many roots the token admits (its signed use limit), at least 1.</param>
    [Alias("try-use-up-to")]
    Task<bool> TryUseAsync(byte[] rootIdentifier, DateTimeOffset expiresAt, int maxUses);
}
