namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>
/// A node's pool of signed one-time ephemeral public keys and its last-resort key, keyed by the node identifier in
/// lowercase hex (<see cref="GrainKeys.ForNode"/>). Each one-time key goes to exactly one claimer: its row is
/// deleted durably before the claim is answered.
/// </summary>
[Alias("wickr.ephemeral-key-pool.v1")]
public interface IEphemeralKeyPoolGrain : IGrainWithStringKey
{
    /// <summary>Opens the pool; called by the node grain when the node is attached. Idempotent.</summary>
    [Alias("open")]
    Task OpenAsync();

    /// <summary>Deletes every key and closes the pool; called by the node grain when the node is removed. Idempotent.</summary>
    [Alias("purge")]
    Task PurgeAsync();

    /// <summary>Adds one-time keys.</summary>
    /// <param name="keys">1 to 100 keys (configurable) with strictly increasing ids above every id seen.</param>
    /// <returns>The pool after the upload.</returns>
    /// <exception cref="ClusterException">
    /// <see cref="ClusterErrorCode.KeyIdNotIncreasing"/>, <see cref="ClusterErrorCode.PoolFull"/>,
    /// <see cref="ClusterErrorCode.TooLarge"/> (batch), <see cref="ClusterErrorCode.NotFound"/> (pool not open);
    /// on any error no key of the batch is stored.
    /// </exception>
    [Alias("upload")]
    Task<EphemeralKeyPoolStatus> UploadAsync(EphemeralKeyRecord[] keys);

    /// <summary>Sets or replaces the last-resort key, handed out only when no one-time key is left.</summary>
    /// <param name="key">The key; its id must be above every id seen (the same key again is accepted).</param>
    [Alias("set-last-resort-key")]
    Task SetLastResortKeyAsync(EphemeralKeyRecord key);

    /// <summary>Claims a key for a sender: a one-time key, or the last-resort key (marked) when none is left.</summary>
    /// <param name="claimerRootIdentifier">
    /// The claiming user's root identifier (1 to 127 bytes): claims are limited per claiming user on each pool, and in
    /// total per pool; the limits are persisted with the pool, so no deactivation resets them.
    /// </param>
    /// <exception cref="ClusterException">
    /// <see cref="ClusterErrorCode.RateLimited"/> with <see cref="ClusterException.RetryAfter"/> (never the last-resort
    /// key instead); <see cref="ClusterErrorCode.NotFound"/> when the pool is not open, or is empty with no last-resort key.
    /// </exception>
    [Alias("claim")]
    Task<ClaimedEphemeralKey> ClaimAsync(byte[] claimerRootIdentifier);

    /// <summary>The exact count and low-water state.</summary>
    /// <exception cref="ClusterException"><see cref="ClusterErrorCode.NotFound"/> when the pool is not open.</exception>
    [Alias("get-status")]
    Task<EphemeralKeyPoolStatus> GetStatusAsync();
}
