namespace Wickr.Cluster.ClientLib.Groups;

/// <summary>
/// Who may make which change, judged against the state the change was made from (its basis): in a group any member
/// may change anything; in a room the moderators may, and a member who is not one may only leave, or add a user when
/// the room's settings let members add. A group unknown to a device is accepted from a user who may manage the state
/// it carries (the maker, or the moderator or member who added this user). The kind and id of a group never change.
/// </summary>
public static class GroupRules
{
    /// <summary>Null when <paramref name="senderRootHex"/> may make <paramref name="control"/> from <paramref name="basis"/>; otherwise why not.</summary>
    public static string? Refusal(GroupState? basis, GroupControl control, string senderRootHex)
    {
        ArgumentNullException.ThrowIfNull(control);
        var next = control.State;
        if (basis is null)
        {
            return next.IsManager(senderRootHex) || (control.Change == GroupChange.Add && next.Kind == GroupKind.Room && next.Settings.MembersMayAdd && next.IsMember(senderRootHex))
                ? null
                : "the group is new here and its sender may not manage it";
        }
        if (next.IdHex != basis.IdHex || next.Kind != basis.Kind)
        {
            return "a group's id and kind never change";
        }
        if (basis.IsManager(senderRootHex))
        {
            return null;
        }
        if (!basis.IsMember(senderRootHex))
        {
            return "the sender is not a member of the group";
        }
        var unchanged = next.Name == basis.Name && next.Settings == basis.Settings && SameSet(next.Moderators, basis.Moderators);
        var before = basis.Members.Select(m => m.RootIdentifierHex).ToHashSet(StringComparer.Ordinal);
        var after = next.Members.Select(m => m.RootIdentifierHex).ToHashSet(StringComparer.Ordinal);
        return control.Change switch
        {
            GroupChange.Leave when unchanged && control.SubjectRootIdentifierHex == senderRootHex
                && after.SetEquals(before.Where(r => r != senderRootHex)) => null,
            GroupChange.Add when unchanged && basis.Settings.MembersMayAdd && !before.Contains(control.SubjectRootIdentifierHex)
                && after.SetEquals(before.Append(control.SubjectRootIdentifierHex)) => null,
            _ => basis.Kind == GroupKind.Room ? "only a moderator may make this change in a room" : "the change does not match what a member may do",
        };
    }

    private static bool SameSet(IReadOnlyList<string> a, IReadOnlyList<string> b) => a.Count == b.Count && a.ToHashSet(StringComparer.Ordinal).SetEquals(b);
}
