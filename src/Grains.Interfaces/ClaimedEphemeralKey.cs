namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>An ephemeral key handed to one sender.</summary>
/// <param name="Key">The signed key.</param>
/// <param name="IsLastResort">
/// True when the pool was empty and this is the node's last-resort key, which other senders may also receive.
/// </param>
[Alias("wickr.claimed-ephemeral-key.v1")]
[GenerateSerializer, Immutable]
public sealed record ClaimedEphemeralKey(
    [property: Id(0)] EphemeralKeyRecord Key,
    [property: Id(1)] bool IsLastResort);
