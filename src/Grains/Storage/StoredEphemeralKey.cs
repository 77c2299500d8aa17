namespace Wickr.Cluster.Grains.Storage;

/// <summary>A signed ephemeral public key as the key store keeps it.</summary>
/// <param name="KeyId">The id the node chose; unique and increasing per node.</param>
/// <param name="PublicKey">The 134-byte public key encoding.</param>
/// <param name="Signature">The node key's 143-byte signature over <paramref name="PublicKey"/>.</param>
public sealed record StoredEphemeralKey(ulong KeyId, byte[] PublicKey, byte[] Signature);
