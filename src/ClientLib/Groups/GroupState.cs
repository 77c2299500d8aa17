using System.Security.Cryptography;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Enrollment;

namespace Wickr.Cluster.ClientLib.Groups;

/// <summary>
/// One version of a group as every member's device holds it: its random id, name, kind, members (users), moderators
/// (a room's), settings and version. A control message carries the whole state after its change, so a user added
/// later learns the group from the message that adds it. Members are kept sorted by root identifier.
/// </summary>
/// <param name="IdHex">The group's random id (16 bytes), lowercase hex; it is the packets' channel tag.</param>
/// <param name="Name">A name for people (not unique).</param>
/// <param name="Kind">Group or room.</param>
/// <param name="Version">1 when made; each change adds one.</param>
/// <param name="Members">The users in it, sorted by root identifier.</param>
/// <param name="Moderators">A room's moderators (root identifiers, sorted), each a member; empty for a group.</param>
/// <param name="Settings">The settings.</param>
public sealed record GroupState(
    string IdHex, string Name, GroupKind Kind, ulong Version, IReadOnlyList<GroupMember> Members, IReadOnlyList<string> Moderators, GroupSettings Settings)
{
    /// <summary>Bytes of a group id.</summary>
    public const int IdBytes = 16;

    /// <summary>Fewest users a group is made with (its maker included).</summary>
    public const int MinMembers = 2;

    /// <summary>Most users of a group or room.</summary>
    public const int MaxMembers = 500;

    /// <summary>Longest group name, in characters.</summary>
    public const int MaxNameLength = 100;

    /// <summary>The id as the channel tag of the group's packets.</summary>
    public byte[] ChannelTag => Convert.FromHexString(IdHex);

    /// <summary>Whether <paramref name="rootIdentifierHex"/> is a member.</summary>
    public bool IsMember(string rootIdentifierHex) => Members.Any(m => m.RootIdentifierHex == rootIdentifierHex);

    /// <summary>Whether <paramref name="rootIdentifierHex"/> may change members and settings: any member of a group, a room's moderators.</summary>
    public bool IsManager(string rootIdentifierHex)
        => Kind == GroupKind.Group ? IsMember(rootIdentifierHex) : Moderators.Contains(rootIdentifierHex, StringComparer.Ordinal);

    /// <summary>A new group or room with a fresh random id, version 1.</summary>
    public static GroupState Create(string name, GroupKind kind, IEnumerable<GroupMember> members, IEnumerable<string> moderators, GroupSettings settings)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength)
        {
            throw new WickrException(WickrError.InvalidArgument, $"a group name has 1 to {MaxNameLength} characters");
        }
        var state = Normalised(new GroupState(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdBytes)), name, kind, 1, [.. members], [.. moderators], settings));
        if (state.Members.Count < MinMembers || state.Members.Count > MaxMembers)
        {
            throw new WickrException(WickrError.InvalidArgument, $"a group has {MinMembers} to {MaxMembers} users, its maker included, not {state.Members.Count}");
        }
        state.Validate();
        return state;
    }

    /// <summary>The next version with <paramref name="members"/>, <paramref name="moderators"/> and <paramref name="settings"/>.</summary>
    public GroupState Next(IEnumerable<GroupMember> members, IEnumerable<string> moderators, GroupSettings settings)
    {
        var next = Normalised(this with { Version = Version + 1, Members = [.. members], Moderators = [.. moderators], Settings = settings });
        next.Validate();
        return next;
    }

    /// <summary>
    /// Throws <see cref="WickrException"/> (Parse) unless the state is well formed: a 16-byte id, a name, 1 to
    /// <see cref="MaxMembers"/> distinct members whose names hash to their root identifiers, moderators among the
    /// members and only in a room.
    /// </summary>
    public void Validate()
    {
        if (IdHex.Length != IdBytes * 2 || !IdHex.All(char.IsAsciiHexDigitLower))
        {
            throw new WickrException(WickrError.Parse, "a group id is 16 bytes");
        }
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > MaxNameLength)
        {
            throw new WickrException(WickrError.Parse, $"a group name has 1 to {MaxNameLength} characters");
        }
        if (!Enum.IsDefined(Kind) || Version == 0)
        {
            throw new WickrException(WickrError.Parse, "unknown group kind or version 0");
        }
        if (Members.Count > MaxMembers)
        {
            throw new WickrException(WickrError.Parse, $"a group has at most {MaxMembers} users, not {Members.Count}");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in Members)
        {
            if (string.IsNullOrEmpty(member.Name) || Convert.ToHexStringLower(RootOf(member.Name)) != member.RootIdentifierHex || !seen.Add(member.RootIdentifierHex))
            {
                throw new WickrException(WickrError.Parse, $"member {member.Name} is named twice or its name does not match its root identifier");
            }
        }
        if (Moderators.Any(m => !seen.Contains(m)) || Moderators.Distinct(StringComparer.Ordinal).Count() != Moderators.Count || (Kind == GroupKind.Group && Moderators.Count > 0))
        {
            throw new WickrException(WickrError.Parse, "a moderator must be a member, named once, and only a room has moderators");
        }
    }

    /// <summary>The root identifier of a user name: <see cref="UserNames.RootIdentifier"/> (SHA-256 of the normalised name).</summary>
    public static byte[] RootOf(string userName) => UserNames.RootIdentifier(userName);

    private static GroupState Normalised(GroupState state) => state with
    {
        Members = [.. state.Members.OrderBy(m => m.RootIdentifierHex, StringComparer.Ordinal)],
        Moderators = [.. state.Moderators.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
    };
}
