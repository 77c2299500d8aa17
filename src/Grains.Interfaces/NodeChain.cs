namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>The identity chain root → node that a node grain holds.</summary>
/// <param name="RootIdentifier">The user's root identifier (1 to 127 bytes).</param>
/// <param name="RootPublicKey">The root key's pub data (134 bytes).</param>
/// <param name="Node">The node, signed by the root key.</param>
[Alias("wickr.node-chain.v1")]
[GenerateSerializer, Immutable]
public sealed record NodeChain(
    [property: Id(0)] byte[] RootIdentifier,
    [property: Id(1)] byte[] RootPublicKey,
    [property: Id(2)] NodeRegistration Node);
