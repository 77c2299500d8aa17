namespace Wickr.Cluster.Gateway.Auth;

/// <summary>What a token says: the node it was issued to, its root, its node key and when it expires.</summary>
/// <param name="NodeIdentifier">The node identifier (32 bytes).</param>
/// <param name="RootIdentifier">The user's root identifier.</param>
/// <param name="NodeKeyFingerprint">The first bytes of SHA-256 of the node public key the challenge was signed with.</param>
/// <param name="ExpiresAt">After this instant the token is refused.</param>
internal sealed record DeviceToken(byte[] NodeIdentifier, byte[] RootIdentifier, byte[] NodeKeyFingerprint, DateTimeOffset ExpiresAt);
