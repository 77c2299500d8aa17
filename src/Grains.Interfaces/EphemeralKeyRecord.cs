namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>
/// A signed ephemeral public key as the grains carry and store it: the bytes of the protocol's
/// <c>Wickr.Cluster.Protocol.Identity.SignedEphemeralKey</c>, whose signature the gateway has already checked. The key
/// pool's rows and its last-resort key are kept in this form.
/// </summary>
/// <param name="KeyId">The id the node chose; strictly increasing per node.</param>
/// <param name="PublicKey">The ephemeral key's pub data (134 bytes).</param>
/// <param name="Signature">SKn(PKE): the signature of Kn (the node's signing key) over <paramref name="PublicKey"/> (143 bytes).</param>
[Alias("wickr.ephemeral-key-record.v1")]
[GenerateSerializer, Immutable]
public sealed record EphemeralKeyRecord(
    [property: Id(0)] ulong KeyId,
    [property: Id(1)] byte[] PublicKey,
    [property: Id(2)] byte[] Signature);
