namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>
/// A node as its user registered it (the <c>NodeRecord</c> of <c>RegisterNode</c>), as the grains carry and store it:
/// the bytes of the protocol's <c>Wickr.Cluster.Protocol.Identity.NodeIdentity</c> plus the node's dev_id; what a
/// sender needs to address and verify the node.
/// </summary>
/// <param name="NodeId">The node identifier (32 bytes).</param>
/// <param name="DevId">The node's dev_id, which enters the key-exchange KDF info (32 bytes).</param>
/// <param name="NodePublicKey">The pub data of Kn, the node's signing key (134 bytes).</param>
/// <param name="RootSignature">SKr(PKn): the root key's signature over <paramref name="NodePublicKey"/> (143 bytes).</param>
[Alias("wickr.node-registration.v1")]
[GenerateSerializer, Immutable]
public sealed record NodeRegistration(
    [property: Id(0)] byte[] NodeId,
    [property: Id(1)] byte[] DevId,
    [property: Id(2)] byte[] NodePublicKey,
    [property: Id(3)] byte[] RootSignature);
