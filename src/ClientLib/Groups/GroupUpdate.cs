namespace Wickr.Cluster.ClientLib.Groups;

/// <summary>What a received control message did to this device's groups.</summary>
/// <param name="Control">The control message.</param>
/// <param name="SenderRootIdentifierHex">Who sent it.</param>
/// <param name="Applied">True when it is now the group's state here.</param>
/// <param name="Refusal">Why it was not applied (not from a member or moderator, older than the state held, malformed).</param>
/// <param name="Record">The group as held after it (null when the group is unknown here and the message was refused).</param>
public sealed record GroupUpdate(GroupControl? Control, string SenderRootIdentifierHex, bool Applied, string? Refusal, GroupRecord? Record);
