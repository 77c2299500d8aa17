using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.ClientLib.Groups;

/// <summary>
/// This device's groups and rooms: made and changed here (<see cref="Propose"/> then <see cref="Commit"/>, once the
/// control message went out) or by control messages from other members (<see cref="Receive"/>, as each packet is
/// kept, before it is acknowledged). Every device that gets the same control messages holds the same state in the
/// end, whatever order they came in: the state with the greatest <see cref="GroupStamp"/> among the changes that
/// were allowed from the state they were made from (docs/groups.md). Kept in an <see cref="IGroupStore"/>.
/// </summary>
public sealed class GroupBook
{
    private readonly IGroupStore _store;
    private readonly string _ownRootHex;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, GroupRecord> _groups;

    /// <summary>The groups of the user <paramref name="ownRootHex"/> held in <paramref name="store"/>.</summary>
    public GroupBook(IGroupStore store, string ownRootHex)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _ownRootHex = ownRootHex;
        _groups = store.LoadGroups().ToDictionary(g => g.IdHex, StringComparer.Ordinal);
    }

    /// <summary>Every group held, by name then id.</summary>
    public IReadOnlyList<GroupRecord> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _groups.Values.OrderBy(g => g.Name, StringComparer.Ordinal).ThenBy(g => g.IdHex, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>The group with id <paramref name="idHex"/>, or null.</summary>
    public GroupRecord? Find(string idHex)
    {
        lock (_gate)
        {
            return _groups.GetValueOrDefault(idHex);
        }
    }

    /// <summary>The group a packet's channel tag names, or null (a direct message, or a group unknown here).</summary>
    public GroupRecord? FindByChannelTag(ReadOnlySpan<byte> channelTag)
        => channelTag.Length == GroupState.IdBytes ? Find(Convert.ToHexStringLower(channelTag)) : null;

    /// <summary>
    /// The one group called <paramref name="nameOrId"/> (its name, or the start of its id, 8 hex digits at least);
    /// InvalidArgument when none is or several are.
    /// </summary>
    public GroupRecord Resolve(string nameOrId)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrId);
        var all = All;
        var named = all.Where(g => g.Name == nameOrId).ToList();
        if (named.Count == 0 && nameOrId.Length >= 8)
        {
            named = [.. all.Where(g => g.IdHex.StartsWith(nameOrId.ToLowerInvariant(), StringComparison.Ordinal))];
        }
        return named.Count switch
        {
            1 => named[0],
            0 => throw new WickrException(WickrError.InvalidArgument, $"no group called {nameOrId}: `wickr group list` shows them"),
            _ => throw new WickrException(WickrError.InvalidArgument, $"{named.Count} groups are called {nameOrId}: name one by the start of its id"),
        };
    }

    /// <summary>
    /// The control message for <paramref name="change"/> of <paramref name="subjectRootHex"/> to <paramref name="next"/> made
    /// here; throws InvalidState when this user may not make it or is no longer a member, so nothing is sent.
    /// </summary>
    public GroupControl Propose(GroupRecord? current, GroupChange change, string subjectRootHex, GroupState next, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (current is { Status: not GroupStatus.Member })
        {
            throw new WickrException(WickrError.InvalidState, $"this user is no longer a member of {current.Name}");
        }
        var control = new GroupControl(change, subjectRootHex, next, now);
        if (GroupRules.Refusal(current?.Current, control, _ownRootHex) is { } refusal)
        {
            throw new WickrException(WickrError.InvalidState, refusal);
        }
        return control;
    }

    /// <summary>Makes a change made here (and sent under <paramref name="messageId"/>) the group's state.</summary>
    public GroupRecord Commit(GroupControl control, string messageId)
    {
        ArgumentNullException.ThrowIfNull(control);
        var stamp = new GroupStamp(control.State.Version, _ownRootHex, messageId);
        lock (_gate)
        {
            var existing = _groups.GetValueOrDefault(control.State.IdHex);
            return existing is not null && stamp.CompareTo(existing.Stamp) <= 0 ? existing : Keep(existing, control, stamp);
        }
    }

    /// <summary>
    /// Applies a received message if it is a group control message (null otherwise): accepted only from an
    /// authenticated sender who may make the change from the state it was made from, and only when it is newer than
    /// the state held.
    /// </summary>
    public GroupUpdate? Receive(ReceivedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Message.Metadata.ContentType != GroupControl.ContentType)
        {
            return null;
        }
        var sender = message.SenderRootIdentifierHex;
        GroupControl control;
        try
        {
            control = GroupControl.Decode(message.Message.Body);
        }
        catch (WickrException ex)
        {
            return new GroupUpdate(null, sender, false, ex.Message, null);
        }
        if (!message.SenderAuthenticated)
        {
            return new GroupUpdate(control, sender, false, "the sender presents another root than the one pinned", null);
        }
        if (!message.Message.Metadata.ChannelTag.AsSpan().SequenceEqual(control.State.ChannelTag))
        {
            return new GroupUpdate(control, sender, false, "the packet's channel tag is not the group's id", null);
        }
        var stamp = new GroupStamp(control.State.Version, sender, message.MessageId);
        lock (_gate)
        {
            var existing = _groups.GetValueOrDefault(control.State.IdHex);
            if (existing is null && !control.State.IsMember(_ownRootHex))
            {
                return new GroupUpdate(control, sender, false, "a group this user is not in", null);
            }
            if (existing is not null && stamp.CompareTo(existing.Stamp) <= 0)
            {
                return new GroupUpdate(control, sender, false, "older than the group's state held here", existing);
            }
            // A change of the version held was made from the same state as the one held: judge it against that state.
            var basis = existing is null ? null : existing.Current.Version == control.State.Version ? existing.Basis ?? existing.Current : existing.Current;
            if (GroupRules.Refusal(basis, control, sender) is { } refusal)
            {
                return new GroupUpdate(control, sender, false, refusal, existing);
            }
            return new GroupUpdate(control, sender, true, null, Keep(existing, control, stamp));
        }
    }

    // Under _gate.
    private GroupRecord Keep(GroupRecord? existing, GroupControl control, GroupStamp stamp)
    {
        var next = control.State;
        var basis = existing is null ? null
            : existing.Current.Version + 1 == next.Version ? existing.Current
            : existing.Current.Version == next.Version ? existing.Basis
            : null;
        var status = next.IsMember(_ownRootHex) ? GroupStatus.Member
            : control.Change == GroupChange.Leave && control.SubjectRootIdentifierHex == _ownRootHex ? GroupStatus.Left
            : GroupStatus.Removed;
        var record = new GroupRecord(next, stamp, basis, status);
        _store.SaveGroup(record);
        _groups[next.IdHex] = record;
        return record;
    }
}
