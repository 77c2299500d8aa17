namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>Everything a sender needs about a user: the root key and every node with its chain link.</summary>
/// <param name="RootIdentifier">The user's root identifier.</param>
/// <param name="RootPublicKey">The root key's pub data (134 bytes).</param>
/// <param name="Nodes">The user's nodes, in the order they were added.</param>
[Alias("wickr.user-profile.v1")]
[GenerateSerializer, Immutable]
public sealed record UserProfile(
    [property: Id(0)] byte[] RootIdentifier,
    [property: Id(1)] byte[] RootPublicKey,
    [property: Id(2)] NodeRegistration[] Nodes);
