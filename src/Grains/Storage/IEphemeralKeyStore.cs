using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Grains.Storage;

/// <summary>
/// Durable rows of a node's one-time ephemeral public keys, one row per key, keyed by (node, key id).
/// A claim deletes the row before the claimer is answered, so a key handed out is gone even if the
/// silo dies right after.
/// </summary>
public interface IEphemeralKeyStore
{
    /// <summary>Adds keys atomically: either all rows are written or none (a batch is at most 100 keys).</summary>
    Task AddAsync(string nodeId, IReadOnlyList<EphemeralKeyRecord> keys, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the key row if it still exists. Returns true only to the one caller whose delete removed it,
    /// also when two activations race (conditional delete), so a key is never handed out twice.
    /// </summary>
    Task<bool> TryRemoveAsync(string nodeId, ulong keyId, CancellationToken cancellationToken = default);

    /// <summary>All keys of a node in ascending id order, read when a pool grain activates.</summary>
    Task<IReadOnlyList<EphemeralKeyRecord>> ListAsync(string nodeId, CancellationToken cancellationToken = default);

    /// <summary>Deletes every key of a node (node removal).</summary>
    Task DeleteAllAsync(string nodeId, CancellationToken cancellationToken = default);
}
