namespace Wickr.Cluster.ClientLib.Storage;

/// <summary>A user this device has talked to: the pinned root key and whether the user compared fingerprints.</summary>
/// <param name="RootIdentifierHex">The user's root identifier IDr.</param>
/// <param name="Name">The user name, when known (IDr is SHA-256 of it); empty otherwise.</param>
/// <param name="PinnedRoot">The pinned root public key PKr.</param>
/// <param name="Verified">True once the user compared fingerprints out of band (<c>wickr verify</c>).</param>
public sealed record Contact(string RootIdentifierHex, string Name, byte[] PinnedRoot, bool Verified);
