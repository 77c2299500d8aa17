using System.CommandLine;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.ClientLib.Groups;
using Wickr.Cluster.ClientLib.Storage;

namespace Wickr.Cluster.Cli.Commands;

/// <summary>
/// <c>wickr group create|add|remove|leave|list|show</c>: groups and moderated rooms. Every change is one encrypted
/// control message to every device of every member; the server never learns a group's id, name or members.
/// </summary>
internal static class GroupCommand
{
    public static Command Create(StoredDeviceOptions deviceOptions)
    {
        var command = new Command("group", "Group conversations and moderated rooms (2 to 500 users): create, add, remove, leave, list, show");
        command.Subcommands.Add(CreateCommand(deviceOptions));
        command.Subcommands.Add(MemberCommand(deviceOptions, "add", "Add a user: it gets what is sent from now on, nothing earlier",
            (device, group, user, ct) => device.Groups.AddAsync(group, user, ct)));
        command.Subcommands.Add(MemberCommand(deviceOptions, "remove", "Remove a user: its devices get nothing sent after this",
            (device, group, user, ct) => device.Groups.RemoveAsync(group, user, ct)));
        command.Subcommands.Add(LeaveCommand(deviceOptions));
        command.Subcommands.Add(ListCommand(deviceOptions));
        command.Subcommands.Add(ShowCommand(deviceOptions));
        return command;
    }

    private static Command CreateCommand(StoredDeviceOptions deviceOptions)
    {
        var name = new Argument<string>("name") { Description = "The group's name" };
        var users = new Argument<string[]>("users") { Description = "The other members' user names (1 to 499)", Arity = ArgumentArity.OneOrMore };
        var room = new Option<bool>("--room") { Description = "A moderated room: only moderators (you, to start with) manage members and settings" };
        var ttl = new Option<ulong>("--ttl") { Description = "Default seconds after sending at which every copy of a message is deleted (0 = never)" };
        var burn = new Option<ulong>("--burn") { Description = "Default burn-on-read seconds (0 = off)" };
        var membersAdd = new Option<bool>("--members-may-add") { Description = "In a room: members who are not moderators may add users" };
        var command = new Command("create", "Make a group (or --room) of you and the users named") { name, users, room, ttl, burn, membersAdd };
        CommandRunner.BindSession(command, deviceOptions, async (session, parse, cancellationToken) =>
        {
            await session.SyncAsync(cancellationToken);
            var settings = new GroupSettings(parse.GetValue(ttl), parse.GetValue(burn), parse.GetValue(membersAdd));
            var kind = parse.GetValue(room) ? GroupKind.Room : GroupKind.Group;
            var (group, result) = await session.Device.Groups.CreateAsync(parse.GetValue(name)!, kind, parse.GetValue(users)!, settings, cancellationToken);
            return Changed(session, group, result, $"created {(kind == GroupKind.Room ? "room" : "group")} {group.Name}");
        });
        return command;
    }

    private static Command MemberCommand(
        StoredDeviceOptions deviceOptions, string verb, string description, Func<StoredDevice, string, string, CancellationToken, Task<(GroupRecord, SendResult)>> change)
    {
        var name = new Argument<string>("name") { Description = "The group (its name, or the start of its id)" };
        var user = new Argument<string>("user") { Description = "The user" };
        var command = new Command(verb, description) { name, user };
        CommandRunner.BindSession(command, deviceOptions, async (session, parse, cancellationToken) =>
        {
            // The changes others made come first, so this one is made from the group as it stands.
            await session.SyncAsync(cancellationToken);
            var (group, result) = await change(session.Device, parse.GetValue(name)!, parse.GetValue(user)!, cancellationToken);
            return Changed(session, group, result, $"{(verb == "add" ? "added" : "removed")} {parse.GetValue(user)} {(verb == "add" ? "to" : "from")} {group.Name}");
        });
        return command;
    }

    private static Command LeaveCommand(StoredDeviceOptions deviceOptions)
    {
        var name = new Argument<string>("name") { Description = "The group (its name, or the start of its id)" };
        var command = new Command("leave", "Leave a group: the other members are told, and nothing reaches you after it") { name };
        CommandRunner.BindSession(command, deviceOptions, async (session, parse, cancellationToken) =>
        {
            await session.SyncAsync(cancellationToken);
            var (group, result) = await session.Device.Groups.LeaveAsync(parse.GetValue(name)!, cancellationToken);
            return Changed(session, group, result, $"left {group.Name}");
        });
        return command;
    }

    private static Command ListCommand(StoredDeviceOptions deviceOptions)
    {
        var offline = new Option<bool>("--offline") { Description = "Only what the store holds; do not fetch changes from the server" };
        var command = new Command("list", "The groups and rooms this device knows") { offline };
        CommandRunner.BindSession(command, deviceOptions, async (session, parse, cancellationToken) =>
        {
            if (!parse.GetValue(offline))
            {
                await session.SyncAsync(cancellationToken);
            }
            var groups = session.Device.Client.Groups.All;
            if (session.Json)
            {
                Output.Json(groups.Select(g => new { name = g.Name, id = g.IdHex, kind = Kind(g), members = g.Current.Members.Count, status = Status(g) }));
            }
            else
            {
                Output.Table(["group", "id", "kind", "members", "you"],
                    groups.Select(g => new[] { g.Name, g.IdHex[..12], Kind(g), g.Current.Members.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Status(g) }));
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command ShowCommand(StoredDeviceOptions deviceOptions)
    {
        var name = new Argument<string>("name") { Description = "The group (its name, or the start of its id)" };
        var offline = new Option<bool>("--offline") { Description = "Only what the store holds; do not fetch changes from the server" };
        var command = new Command("show", "A group's members (verified or not), moderators and settings") { name, offline };
        CommandRunner.BindSession(command, deviceOptions, async (session, parse, cancellationToken) =>
        {
            if (!parse.GetValue(offline))
            {
                await session.SyncAsync(cancellationToken);
            }
            var group = session.Device.Client.Groups.Resolve(parse.GetValue(name)!);
            var verified = Verified(session);
            var own = session.Device.Client.RootIdentifierHex;
            var members = group.Current.Members.Select(m => new
            {
                user = m.Name,
                root = m.RootIdentifierHex,
                moderator = group.Current.Moderators.Contains(m.RootIdentifierHex),
                verified = m.RootIdentifierHex == own || verified.Contains(m.RootIdentifierHex),
                you = m.RootIdentifierHex == own,
            }).ToList();
            var settings = group.Current.Settings;
            if (session.Json)
            {
                Output.Json(new
                {
                    name = group.Name,
                    id = group.IdHex,
                    kind = Kind(group),
                    status = Status(group),
                    version = group.Current.Version,
                    ttl = settings.TimeToLive,
                    burn = settings.BurnOnRead,
                    members_may_add = settings.MembersMayAdd,
                    members,
                    moderators = members.Where(m => m.moderator).Select(m => m.user),
                });
                return ExitCodes.Ok;
            }
            Output.Line($"{Kind(group)} {group.Name} ({group.IdHex}), version {group.Current.Version}, you: {Status(group)}");
            Output.Line($"default ttl {settings.TimeToLive} s, burn on read {settings.BurnOnRead} s"
                + (group.Current.Kind == GroupKind.Room ? $", members {(settings.MembersMayAdd ? "may" : "may not")} add" : string.Empty));
            Output.Table(["member", "moderator", "verified"], members.Select(m => new[]
            {
                m.you ? m.user + " (you)" : m.user, m.moderator ? "yes" : string.Empty, m.verified ? "yes" : "NOT VERIFIED (wickr verify " + m.user + ")",
            }));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The root identifiers of the contacts whose fingerprints were compared.</summary>
    public static HashSet<string> Verified(Session session)
        => session.Device.Contacts().Where(c => c.Verified).Select(c => c.RootIdentifierHex).ToHashSet(StringComparer.Ordinal);

    /// <summary>The members of <paramref name="group"/> other than this user whose fingerprints were not compared.</summary>
    public static IReadOnlyList<string> Unverified(Session session, GroupRecord group)
    {
        var verified = Verified(session);
        var own = session.Device.Client.RootIdentifierHex;
        return [.. group.Current.Members.Where(m => m.RootIdentifierHex != own && !verified.Contains(m.RootIdentifierHex)).Select(m => m.Name)];
    }

    private static int Changed(Session session, GroupRecord group, SendResult result, string what)
    {
        if (session.Json)
        {
            Output.Json(new
            {
                group = group.Name,
                id = group.IdHex,
                version = group.Current.Version,
                message_id = result.MessageId,
                all_queued = result.AllQueued,
                members = group.Current.Members.Select(m => m.Name),
                unverified = Unverified(session, group),
            });
        }
        else
        {
            Output.Line($"{what} (version {group.Current.Version}, {group.Current.Members.Count} members); told {result.Deliveries.Count(d => d.State is DeliveryState.Queued or DeliveryState.Duplicate)} of {result.Deliveries.Count} devices");
            WarnUnverified(session, group);
        }
        return result.AllQueued ? ExitCodes.Ok : ExitCodes.Pending;
    }

    /// <summary>One note on stderr naming the members not verified yet, as a direct conversation's `verify` would.</summary>
    public static void WarnUnverified(Session session, GroupRecord group)
    {
        var unverified = Unverified(session, group);
        if (unverified.Count > 0)
        {
            Output.Note($"not verified yet in {group.Name}: {string.Join(", ", unverified.Take(10))}{(unverified.Count > 10 ? $" and {unverified.Count - 10} more" : string.Empty)} — compare fingerprints with `wickr verify <user>`");
        }
    }

    private static string Kind(GroupRecord group) => group.Current.Kind == GroupKind.Room ? "room" : "group";

    private static string Status(GroupRecord group) => group.Status switch
    {
        GroupStatus.Member => "member",
        GroupStatus.Removed => "removed",
        _ => "left",
    };
}
