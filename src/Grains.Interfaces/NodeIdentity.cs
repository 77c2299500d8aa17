namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>A node as its user publishes it: what a sender needs to address and verify the node.</summary>
/// <param name="NodeId">The node identifier (32 bytes).</param>
/// <param name="DevId">The node's dev_id, which enters the key-exchange KDF info (32 bytes).</param>
/// <param name="NodePublicKey">The node key's pub data (134 bytes).</param>
/// <param name="RootSignature">SKr(PKn): the root key's signature over <paramref name="NodePublicKey"/> (143 bytes).</param>
[GenerateSerializer, Immutable]
public sealed record NodeIdentity(
    [property: Id(0)] byte[] NodeId,
    [property: Id(1)] byte[] DevId,
    [property: Id(2)] byte[] NodePublicKey,
    [property: Id(3)] byte[] RootSignature);
