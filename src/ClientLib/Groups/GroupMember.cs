namespace Wickr.Cluster.ClientLib.Groups;

/// <summary>A member of a group: a user (and through it every device of the user).</summary>
/// <param name="RootIdentifierHex">The user's root identifier IDr, lowercase hex (SHA-256 of the name).</param>
/// <param name="Name">The user name; a receiver checks that it hashes to the root identifier.</param>
public sealed record GroupMember(string RootIdentifierHex, string Name);
