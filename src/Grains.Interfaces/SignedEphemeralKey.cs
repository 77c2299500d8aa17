namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>An ephemeral public key as its node uploads it.</summary>
/// <param name="KeyId">The id the node chose; strictly increasing per node.</param>
/// <param name="PublicKey">The ephemeral key's pub data (134 bytes).</param>
/// <param name="Signature">SKn(PKE): the node key's signature over <paramref name="PublicKey"/> (143 bytes).</param>
[GenerateSerializer, Immutable]
public sealed record SignedEphemeralKey(
    [property: Id(0)] ulong KeyId,
    [property: Id(1)] byte[] PublicKey,
    [property: Id(2)] byte[] Signature);
