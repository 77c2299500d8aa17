using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.ClientLib.Groups;

/// <summary>
/// Group conversations of one device: making and changing groups and rooms (each change one control message to every
/// device of every member, the users it adds or removes included, and to this user's other devices) and sending to a
/// group (one send: one packet for every node of every member, split only past one packet's recipient limit). The
/// server sees ordinary packets: no group id, name or member list leaves this device unencrypted.
/// </summary>
/// <param name="client">The device's client; its <see cref="WickrClient.Groups"/> holds the state.</param>
/// <param name="userName">This user's name (the maker's entry in a new group's member list).</param>
/// <param name="time">The clock for control messages' send times.</param>
public sealed class GroupConversations(WickrClient client, string userName, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private GroupBook Book => client.Groups;

    private string Own => client.RootIdentifierHex;

    /// <summary>
    /// Makes a group (or, with <paramref name="kind"/> Room, a room whose only moderator is this user) of this user and
    /// <paramref name="memberNames"/> (2 to <see cref="GroupState.MaxMembers"/> users in all) and tells every member.
    /// </summary>
    public async Task<(GroupRecord Group, SendResult Result)> CreateAsync(
        string name, GroupKind kind, IEnumerable<string> memberNames, GroupSettings? settings = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(memberNames);
        RequireOwnName();
        var members = memberNames.Append(userName).Distinct(StringComparer.Ordinal).Select(Member).ToList();
        var state = GroupState.Create(name, kind, members, kind == GroupKind.Room ? [Own] : [], settings ?? GroupSettings.Default);
        return await ChangeAsync(null, GroupChange.Create, Own, state, cancellationToken);
    }

    /// <summary>Adds <paramref name="memberName"/> to the group; it gets what is sent from now on, nothing earlier.</summary>
    public Task<(GroupRecord Group, SendResult Result)> AddAsync(string group, string memberName, CancellationToken cancellationToken = default)
    {
        var record = Book.Resolve(group);
        var member = Member(memberName);
        if (record.Current.IsMember(member.RootIdentifierHex))
        {
            throw new WickrException(WickrError.InvalidArgument, $"{memberName} is a member of {record.Name} already");
        }
        if (record.Current.Members.Count >= GroupState.MaxMembers)
        {
            throw new WickrException(WickrError.InvalidArgument, $"a group has at most {GroupState.MaxMembers} users");
        }
        var next = record.Current.Next(record.Current.Members.Append(member), record.Current.Moderators, record.Current.Settings);
        return ChangeAsync(record, GroupChange.Add, member.RootIdentifierHex, next, cancellationToken);
    }

    /// <summary>Removes <paramref name="memberName"/>: its devices get the removal and nothing sent after it.</summary>
    public Task<(GroupRecord Group, SendResult Result)> RemoveAsync(string group, string memberName, CancellationToken cancellationToken = default)
    {
        var record = Book.Resolve(group);
        var root = Convert.ToHexStringLower(GroupState.RootOf(memberName));
        if (!record.Current.IsMember(root))
        {
            throw new WickrException(WickrError.InvalidArgument, $"{memberName} is not a member of {record.Name}");
        }
        if (root == Own)
        {
            throw new WickrException(WickrError.InvalidArgument, "to leave a group use leave, not remove");
        }
        var next = record.Current.Next(record.Current.Members.Where(m => m.RootIdentifierHex != root), record.Current.Moderators.Where(m => m != root), record.Current.Settings);
        return ChangeAsync(record, GroupChange.Remove, root, next, cancellationToken);
    }

    /// <summary>Leaves the group: the other members (and this user's other devices) are told; nothing reaches this user after it.</summary>
    public Task<(GroupRecord Group, SendResult Result)> LeaveAsync(string group, CancellationToken cancellationToken = default)
    {
        var record = Book.Resolve(group);
        var next = record.Current.Next(record.Current.Members.Where(m => m.RootIdentifierHex != Own), record.Current.Moderators.Where(m => m != Own), record.Current.Settings);
        return ChangeAsync(record, GroupChange.Leave, Own, next, cancellationToken);
    }

    /// <summary>Changes the settings (a moderator's change in a room).</summary>
    public Task<(GroupRecord Group, SendResult Result)> ChangeSettingsAsync(string group, GroupSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var record = Book.Resolve(group);
        var next = record.Current.Next(record.Current.Members, record.Current.Moderators, settings);
        return ChangeAsync(record, GroupChange.Settings, Own, next, cancellationToken);
    }

    /// <summary>
    /// The message as sent to <paramref name="group"/>: its channel tag is the group id, and a time to live or
    /// burn-on-read left at 0 takes the group's default.
    /// </summary>
    public static PlainMessage ForGroup(GroupRecord group, ushort contentType, byte[] body, ulong timeToLive = 0, ulong burnOnRead = 0)
    {
        ArgumentNullException.ThrowIfNull(group);
        var settings = group.Current.Settings;
        return new PlainMessage(
            new PacketMetadata(timeToLive > 0 ? timeToLive : settings.TimeToLive, burnOnRead > 0 ? burnOnRead : settings.BurnOnRead, group.Current.ChannelTag, contentType), body);
    }

    /// <summary>The users a message to <paramref name="group"/> goes to now (root identifiers); InvalidState once this user is out of it.</summary>
    public static IReadOnlyList<byte[]> Recipients(GroupRecord group)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (group.Status != GroupStatus.Member)
        {
            throw new WickrException(WickrError.InvalidState, $"this user is no longer a member of {group.Name}");
        }
        return [.. group.Current.Members.Select(m => Convert.FromHexString(m.RootIdentifierHex))];
    }

    /// <summary>Sends <paramref name="text"/> to every device of every member (one send), with the group's default lifetimes unless given.</summary>
    public Task<SendResult> SendTextAsync(string group, string text, ulong timeToLive = 0, ulong burnOnRead = 0, string? messageId = null, CancellationToken cancellationToken = default)
    {
        var record = Book.Resolve(group);
        var message = ForGroup(record, TextBody.ContentType, TextBody.Encode(_time.GetUtcNow(), text), timeToLive, burnOnRead);
        return client.SendAsync(Recipients(record), message, messageId, cancellationToken);
    }

    private async Task<(GroupRecord Group, SendResult Result)> ChangeAsync(
        GroupRecord? record, GroupChange change, string subjectRootHex, GroupState next, CancellationToken cancellationToken)
    {
        var control = Book.Propose(record, change, subjectRootHex, next, _time.GetUtcNow());
        // Everyone in the group before or after the change: a removed user learns it is out, an added one learns the group.
        var users = (record?.Current.Members ?? []).Concat(next.Members).Select(m => m.RootIdentifierHex).Append(Own).Distinct(StringComparer.Ordinal);
        var message = new PlainMessage(new PacketMetadata(0, 0, next.ChannelTag, GroupControl.ContentType), control.Encode());
        var result = await client.SendAsync([.. users.Select(Convert.FromHexString)], message, null, cancellationToken);
        return (Book.Commit(control, result.MessageId), result);
    }

    private static GroupMember Member(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new GroupMember(Convert.ToHexStringLower(GroupState.RootOf(name)), name);
    }

    private void RequireOwnName()
    {
        if (Convert.ToHexStringLower(GroupState.RootOf(userName)) != Own)
        {
            throw new WickrException(WickrError.InvalidArgument, $"{userName} is not this device's user");
        }
    }
}
