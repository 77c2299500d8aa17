namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>
/// A user, keyed by the root identifier in lowercase hex (<see cref="GrainKeys.ForRoot"/>): the root public key,
/// the set of the user's nodes with their root signatures, and the sealed recovery bundle. The caller (the
/// gateway) has already verified any signature that authorises a call; the grain only keeps the rules of state.
/// </summary>
[Alias("wickr.user.v1")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Registers the user with its root public key, once.</summary>
    /// <param name="rootPublicKey">The root key's pub data (134 bytes).</param>
    /// <returns>True when newly registered, false when already registered with the same key.</returns>
    /// <exception cref="ClusterException"><see cref="ClusterErrorCode.Conflict"/> when registered with another key.</exception>
    [Alias("register")]
    Task<bool> RegisterAsync(byte[] rootPublicKey);

    /// <summary>Adds a node (and attaches the node grain to this root).</summary>
    /// <param name="node">The node with SKr(PKn).</param>
    /// <returns>True when added, false when the same node was already there.</returns>
    /// <exception cref="ClusterException">
    /// <see cref="ClusterErrorCode.NotFound"/> before registration; <see cref="ClusterErrorCode.Conflict"/> when the node
    /// id is known with other keys; <see cref="ClusterErrorCode.PermissionDenied"/> when the node belongs to another root;
    /// <see cref="ClusterErrorCode.LimitExceeded"/> at the node cap.
    /// </exception>
    [Alias("add-node")]
    Task<bool> AddNodeAsync(NodeRegistration node);

    /// <summary>Removes a node: its mailbox and ephemeral key pool are deleted.</summary>
    /// <param name="nodeId">The node identifier (32 bytes).</param>
    /// <exception cref="ClusterException"><see cref="ClusterErrorCode.NotFound"/> when the user has no such node.</exception>
    [Alias("remove-node")]
    Task RemoveNodeAsync(byte[] nodeId);

    /// <summary>The root key and every node: what a sender needs.</summary>
    /// <exception cref="ClusterException"><see cref="ClusterErrorCode.NotFound"/> before registration.</exception>
    [Alias("get-profile")]
    Task<UserProfile> GetProfileAsync();

    /// <summary>Stores or replaces the sealed recovery bundle, an opaque blob, with the verifier a fetch must match.</summary>
    /// <param name="sealedBundle">The encrypted bundle (1 byte up to the configured cap).</param>
    /// <param name="accessVerifier"><see cref="RecoveryAccess.Verifier"/> of the client's recovery access key.</param>
    /// <returns>True when an earlier bundle was replaced.</returns>
    /// <exception cref="ClusterException"><see cref="ClusterErrorCode.TooLarge"/> above the cap.</exception>
    [Alias("store-recovery-bundle")]
    Task<bool> StoreRecoveryBundleAsync(byte[] sealedBundle, byte[] accessVerifier);

    /// <summary>
    /// Fetches the sealed recovery bundle for a caller that presents the stored verifier (compared in constant time).
    /// Counts nothing: the gateway slows guessing per source and user; an unknown user's activation goes when idle.
    /// </summary>
    /// <param name="accessVerifier"><see cref="RecoveryAccess.Verifier"/> of the presented access key.</param>
    /// <exception cref="ClusterException">
    /// <see cref="ClusterErrorCode.PermissionDenied"/> with <see cref="RecoveryAccess.DeniedMessage"/> alike for an
    /// unknown user, no bundle and a wrong verifier.
    /// </exception>
    [Alias("fetch-recovery-bundle")]
    Task<byte[]> FetchRecoveryBundleAsync(byte[] accessVerifier);
}
