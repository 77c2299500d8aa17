using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.ClientLib.Groups;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Packets;
using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.ClientLib.Tests.Groups;

/// <summary>
/// Group membership as control messages: who may change what, the deterministic resolution of concurrent changes
/// (every order of arrival ends in the same state), and refusals that leave the held state as it was.
/// </summary>
public sealed class GroupBookTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-07T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly GroupMember Alice = Member("alice");
    private static readonly GroupMember Bob = Member("bob");
    private static readonly GroupMember Carol = Member("carol");
    private static readonly GroupMember Dave = Member("dave");
    private static readonly GroupMember Erin = Member("erin");
    private long _sequence;

    private static GroupMember Member(string name) => new(Convert.ToHexStringLower(GroupState.RootOf(name)), name);

    private static GroupBook Book(GroupMember owner, IGroupStore? store = null) => new(store ?? new MemoryGroupStore(), owner.RootIdentifierHex);

    private ReceivedMessage From(GroupMember sender, GroupControl control, string? messageId = null, PinStatus pin = PinStatus.Matches, byte[]? tag = null)
        => new(++_sequence, messageId ?? MessageId.New().Value, sender.RootIdentifierHex, "00",
            new PlainMessage(new PacketMetadata(0, 0, tag ?? control.State.ChannelTag, GroupControl.ContentType), control.Encode()), Now, pin, false);

    private static GroupControl Control(GroupChange change, GroupMember subject, GroupState state) => new(change, subject.RootIdentifierHex, state, Now);

    private static GroupState Room(params GroupMember[] members) => GroupState.Create("ops", GroupKind.Room, members, [members[0].RootIdentifierHex], GroupSettings.Default);

    [Fact]
    public void A_new_group_is_learnt_from_its_maker_and_a_member_may_then_add()
    {
        var state = GroupState.Create("team", GroupKind.Group, [Alice, Bob], [], new GroupSettings(60, 0, false));
        var bob = Book(Bob);

        var created = bob.Receive(From(Alice, Control(GroupChange.Create, Alice, state)))!;
        Assert.True(created.Applied, created.Refusal);
        Assert.Equal(GroupStatus.Member, bob.Find(state.IdHex)!.Status);
        Assert.Equal(60UL, bob.Find(state.IdHex)!.Current.Settings.TimeToLive);

        var added = bob.Receive(From(Alice, Control(GroupChange.Add, Carol, state.Next([Alice, Bob, Carol], [], state.Settings))))!;
        Assert.True(added.Applied, added.Refusal);
        Assert.True(bob.Find(state.IdHex)!.Current.IsMember(Carol.RootIdentifierHex));
    }

    [Fact]
    public void In_a_room_only_a_moderator_removes_and_a_forged_removal_changes_nothing()
    {
        var room = Room(Alice, Bob, Carol);
        var carol = Book(Carol);
        Assert.True(carol.Receive(From(Alice, Control(GroupChange.Create, Alice, room)))!.Applied);

        // Bob, a member but no moderator, tries to throw Carol out: refused, Carol still in, still a member.
        var forged = carol.Receive(From(Bob, Control(GroupChange.Remove, Carol, room.Next([Alice, Bob], [Alice.RootIdentifierHex], room.Settings))))!;
        Assert.False(forged.Applied);
        Assert.Contains("moderator", forged.Refusal, StringComparison.Ordinal);
        Assert.Equal(GroupStatus.Member, carol.Find(room.IdHex)!.Status);
        Assert.Equal(3, carol.Find(room.IdHex)!.Current.Members.Count);

        // A user who is no member at all cannot either; nor can someone presenting another root than the pinned one.
        Assert.False(carol.Receive(From(Dave, Control(GroupChange.Remove, Carol, room.Next([Alice, Bob], [Alice.RootIdentifierHex], room.Settings))))!.Applied);
        Assert.False(carol.Receive(From(Alice, Control(GroupChange.Remove, Carol, room.Next([Alice, Bob], [Alice.RootIdentifierHex], room.Settings)), pin: PinStatus.Mismatch))!.Applied);
        Assert.Equal(GroupStatus.Member, carol.Find(room.IdHex)!.Status);

        // The moderator can, and Carol's device knows it is out.
        Assert.True(carol.Receive(From(Alice, Control(GroupChange.Remove, Carol, room.Next([Alice, Bob], [Alice.RootIdentifierHex], room.Settings))))!.Applied);
        Assert.Equal(GroupStatus.Removed, carol.Find(room.IdHex)!.Status);
        Assert.Throws<WickrException>(() => GroupConversations.Recipients(carol.Find(room.IdHex)!));
    }

    [Fact]
    public void A_room_member_may_leave_and_may_add_only_when_the_settings_allow()
    {
        var room = Room(Alice, Bob, Carol);
        var alice = Book(Alice);
        alice.Commit(Control(GroupChange.Create, Alice, room), "m1");

        Assert.False(alice.Receive(From(Bob, Control(GroupChange.Add, Dave, room.Next([Alice, Bob, Carol, Dave], room.Moderators, room.Settings))))!.Applied);
        // Leaving while also changing the settings is more than leaving.
        Assert.False(alice.Receive(From(Bob, Control(GroupChange.Leave, Bob, room.Next([Alice, Carol], room.Moderators, room.Settings with { TimeToLive = 5 }))))!.Applied);
        Assert.True(alice.Receive(From(Bob, Control(GroupChange.Leave, Bob, room.Next([Alice, Carol], room.Moderators, room.Settings))))!.Applied);

        var open = Room(Alice, Bob, Carol) with { };
        var opened = open.Next(open.Members, open.Moderators, open.Settings with { MembersMayAdd = true });
        var book = Book(Alice);
        book.Commit(Control(GroupChange.Settings, Alice, opened), "m1");
        Assert.True(book.Receive(From(Bob, Control(GroupChange.Add, Dave, opened.Next([Alice, Bob, Carol, Dave], opened.Moderators, opened.Settings))))!.Applied);
    }

    [Fact]
    public void Concurrent_changes_converge_on_the_greatest_stamp_whatever_the_order_of_arrival()
    {
        // Version 1 at every device; then, both from version 1: Alice (moderator) removes Bob, Bob (moderator too) adds Dave,
        // and Carol's add of Erin is refused (not a moderator). Then Alice makes version 3 from her own version 2.
        var room = GroupState.Create("ops", GroupKind.Room, [Alice, Bob, Carol], [Alice.RootIdentifierHex, Bob.RootIdentifierHex], GroupSettings.Default);
        var create = (Alice, Control(GroupChange.Create, Alice, room), "c");
        var removeBob = (Alice, Control(GroupChange.Remove, Bob, room.Next([Alice, Carol], [Alice.RootIdentifierHex], room.Settings)), "r");
        var addDave = (Bob, Control(GroupChange.Add, Dave, room.Next([Alice, Bob, Carol, Dave], room.Moderators, room.Settings)), "a");
        var addErin = (Carol, Control(GroupChange.Add, Erin, room.Next([Alice, Bob, Carol, Erin], room.Moderators, room.Settings)), "e");
        var v2 = Alice.RootIdentifierHex.CompareTo(Bob.RootIdentifierHex) > 0 ? removeBob.Item2.State : addDave.Item2.State;
        var third = (Alice, Control(GroupChange.Settings, Alice, v2.Next(v2.Members, v2.Moderators, v2.Settings with { TimeToLive = 30 })), "s");

        var changes = new[] { removeBob, addDave, addErin };
        var finals = new List<string>();
        foreach (var order in Permutations(changes))
        {
            var book = Book(Carol);
            foreach (var (sender, control, id) in new[] { create }.Concat(order))
            {
                book.Receive(From(sender, control, id));
            }
            finals.Add(Describe(book.Find(room.IdHex)!));
            book.Receive(From(third.Alice, third.Item2, third.Item3));
            finals.Add(Describe(book.Find(room.IdHex)!));
        }
        Assert.Equal(2, finals.Distinct().Count());
        Assert.DoesNotContain("erin", finals[0], StringComparison.Ordinal);
        Assert.Contains("ttl=30", finals[1], StringComparison.Ordinal);
    }

    [Fact]
    public void An_older_or_repeated_change_and_a_group_this_user_is_not_in_are_ignored()
    {
        var state = GroupState.Create("team", GroupKind.Group, [Alice, Bob], [], GroupSettings.Default);
        var carol = Book(Carol);
        Assert.False(carol.Receive(From(Alice, Control(GroupChange.Create, Alice, state)))!.Applied);
        Assert.Null(carol.Find(state.IdHex));

        var bob = Book(Bob);
        var v2 = state.Next([Alice, Bob, Carol], [], state.Settings);
        Assert.True(bob.Receive(From(Alice, Control(GroupChange.Add, Carol, v2), "x"))!.Applied);
        Assert.False(bob.Receive(From(Alice, Control(GroupChange.Create, Alice, state), "y"))!.Applied);
        Assert.False(bob.Receive(From(Alice, Control(GroupChange.Add, Carol, v2), "x"))!.Applied);
        Assert.Equal(2UL, bob.Find(state.IdHex)!.Current.Version);

        // A packet whose channel tag is not the group's id, or whose body is not a control message, changes nothing.
        var v3 = v2.Next([Alice, Bob], [], v2.Settings);
        Assert.False(bob.Receive(From(Alice, Control(GroupChange.Remove, Carol, v3), tag: new byte[16]))!.Applied);
        var garbage = new ReceivedMessage(99, "g", Alice.RootIdentifierHex, "00", new PlainMessage(new PacketMetadata(0, 0, state.ChannelTag, GroupControl.ContentType), [1, 2, 3]), Now, PinStatus.Matches, false);
        Assert.False(bob.Receive(garbage)!.Applied);
        Assert.Equal(2UL, bob.Find(state.IdHex)!.Current.Version);
    }

    [Fact]
    public void A_state_with_a_name_that_does_not_hash_to_its_root_or_too_many_members_does_not_decode()
    {
        var state = GroupState.Create("team", GroupKind.Group, [Alice, Bob], [], GroupSettings.Default);
        var lying = state with { Members = [Alice, new GroupMember(Bob.RootIdentifierHex, "mallory")] };
        Assert.Equal(WickrError.Parse, Assert.Throws<WickrException>(() => GroupControl.DecodeState(GroupControl.EncodeState(lying))).Error);
        var crowd = Enumerable.Range(0, GroupState.MaxMembers + 1).Select(i => Member("user" + i));
        Assert.Equal(WickrError.InvalidArgument, Assert.Throws<WickrException>(() => GroupState.Create("big", GroupKind.Room, crowd, [], GroupSettings.Default)).Error);
        Assert.Equal(WickrError.InvalidArgument, Assert.Throws<WickrException>(() => GroupState.Create("alone", GroupKind.Group, [Alice], [], GroupSettings.Default)).Error);
        Assert.Equal(WickrError.InvalidArgument, Assert.Throws<WickrException>(() => GroupState.Create(new string('x', 101), GroupKind.Group, [Alice, Bob], [], GroupSettings.Default)).Error);

        var control = Control(GroupChange.Create, Alice, state);
        var back = GroupControl.Decode(control.Encode());
        Assert.Equal(state.IdHex, back.State.IdHex);
        Assert.Equal(["alice", "bob"], back.State.Members.Select(m => m.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_user_out_of_the_group_cannot_propose_and_a_member_of_a_room_cannot_remove()
    {
        var room = Room(Alice, Bob, Carol);
        var bob = Book(Bob);
        bob.Receive(From(Alice, Control(GroupChange.Create, Alice, room)));
        var record = bob.Find(room.IdHex)!;
        Assert.Equal(WickrError.InvalidState, Assert.Throws<WickrException>(
            () => bob.Propose(record, GroupChange.Remove, Carol.RootIdentifierHex, room.Next([Alice, Bob], room.Moderators, room.Settings), Now)).Error);
        bob.Receive(From(Alice, Control(GroupChange.Remove, Bob, room.Next([Alice, Carol], room.Moderators, room.Settings))));
        Assert.Throws<WickrException>(() => bob.Propose(bob.Find(room.IdHex), GroupChange.Leave, Bob.RootIdentifierHex, room, Now));
    }

    private static string Describe(GroupRecord record)
        => $"v{record.Current.Version} {string.Join(",", record.Current.Members.Select(m => m.Name))} mods={record.Current.Moderators.Count} ttl={record.Current.Settings.TimeToLive}";

    private static IEnumerable<T[]> Permutations<T>(T[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }
        for (var i = 0; i < items.Length; i++)
        {
            var rest = items.Where((_, j) => j != i).ToArray();
            foreach (var tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }
}
