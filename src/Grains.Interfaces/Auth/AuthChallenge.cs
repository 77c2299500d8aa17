namespace Wickr.Cluster.Contracts.Auth;

/// <summary>A single-use nonce a device signs with its node key to obtain a token.</summary>
/// <param name="Nonce">Random bytes (<see cref="AuthLimits.NonceSize"/>).</param>
/// <param name="ExpiresAt">After this instant the nonce is refused.</param>
[GenerateSerializer, Immutable]
public sealed record AuthChallenge(
    [property: Id(0)] byte[] Nonce,
    [property: Id(1)] DateTimeOffset ExpiresAt);
