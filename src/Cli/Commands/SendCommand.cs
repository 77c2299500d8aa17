using System.CommandLine;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.ClientLib.Storage;

namespace Wickr.Cluster.Cli.Commands;

/// <summary>
/// <c>wickr send &lt;user&gt; [text] [--file PATH]</c> or <c>wickr send --group NAME [text] [--file PATH]</c>: a text
/// through the outbox, or a file (encrypted here, uploaded, its key sent in a message) to every device of the user (of
/// every member of the group: one send) and of this user.
/// </summary>
internal static class SendCommand
{
    public static Command Create(StoredDeviceOptions deviceOptions)
    {
        var user = new Argument<string?>("user") { Description = "The recipient's user name (not with --group)", Arity = ArgumentArity.ZeroOrOne };
        var group = new Option<string?>("--group") { Description = "Send to every member of this group or room (its name, or the start of its id); its default ttl and burn apply" };
        var text = new Argument<string?>("text") { Description = "The message (optional with --file: then sent after the file)", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<string?>("--file") { Description = "Send this file: encrypted on this device, uploaded, its key and name sent end to end (the recipient runs `wickr get <id>`)" };
        var ttl = CliDuration.Option("--ttl", "Time to live: every copy is deleted this long after sending, e.g. 30s, 1h, 7d (0 = never; texts only)");
        var burn = CliDuration.Option("--burn", "Burn on read: deleted this long after first reading, e.g. 10s, 5m (0 = off; texts only)");
        var command = new Command("send", "Send a text message or a file (--file) to a user, or to a group (--group)") { user, text, file, ttl, burn, group };
        CommandRunner.BindSession(command, deviceOptions, async (session, parse, cancellationToken) =>
        {
            var path = parse.GetValue(file);
            var message = parse.GetValue(text);
            var to = parse.GetValue(user);
            var groupName = parse.GetValue(group);
            if (groupName is not null)
            {
                // `send --group NAME TEXT`: the one positional argument is the text.
                if (to is not null && message is not null)
                {
                    throw new CliException(ExitCodes.Usage, "with --group give the text only, not a user name");
                }
                message ??= to;
                to = null;
            }
            else if (to is null)
            {
                throw new CliException(ExitCodes.Usage, "name a user, or a group with --group NAME");
            }
            if (path is null && message is null)
            {
                throw new CliException(ExitCodes.Usage, "nothing to send: give a text or --file PATH");
            }
            if (path is not null && (parse.GetValue(ttl) > 0 || parse.GetValue(burn) > 0))
            {
                throw new CliException(ExitCodes.Usage, "--ttl and --burn apply to texts, not to --file");
            }
            if (path is not null && !File.Exists(path))
            {
                throw new CliException(ExitCodes.NotFound, $"no file at {path}");
            }
            var pending = 0;
            try
            {
                foreach (var earlier in await session.Device.FlushOutboxAsync(cancellationToken))
                {
                    Session.Report(earlier);
                    pending += earlier.Delivered ? 0 : 1;
                }
            }
            catch (Exception ex) when (message is not null && path is null && Failures.IsUnreachable(ex))
            {
                // Offline: the text still goes into the outbox below, with the earlier ones.
                pending = session.Device.Store.Outbox().Count;
            }
            var allQueued = true;
            ClientLib.Groups.GroupRecord? conversation = null;
            if (groupName is not null)
            {
                // Membership changes queued for this device are applied first: a user removed meanwhile gets nothing.
                await session.Device.Client.ConnectAsync(cancellationToken);
                conversation = session.Device.Client.Groups.Resolve(groupName);
                if (!session.Json)
                {
                    GroupCommand.WarnUnverified(session, conversation);
                }
            }
            if (path is not null)
            {
                var size = new FileInfo(path).Length;
                var sent = await Transfer.RunAsync(progress => conversation is null
                    ? session.Device.SendFileAsync(to!, path, progress, cancellationToken)
                    : session.Device.SendGroupFileAsync(conversation.IdHex, path, progress, cancellationToken));
                Report(session, sent.Message, new { blob_id = sent.BlobId, name = Path.GetFileName(path), size }, $"file {Path.GetFileName(path)} ({Transfer.Size(size)})", conversation);
                allQueued &= sent.Message.AllQueued;
            }
            if (message is not null)
            {
                SendResult result;
                try
                {
                    result = conversation is null
                        ? await session.Device.SendTextAsync(to!, message, parse.GetValue(ttl), parse.GetValue(burn), cancellationToken)
                        : await session.Device.SendGroupTextAsync(conversation.IdHex, message, parse.GetValue(ttl), parse.GetValue(burn), cancellationToken);
                }
                catch (Exception ex) when (Failures.IsUnreachable(ex))
                {
                    throw new CliException(ExitCodes.Queued,
                        $"{Failures.Describe(ex).Message}; the message is queued and will be sent by the next command or `wickr sync` (do not send it again)");
                }
                Report(session, result, null, null, conversation);
                allQueued &= result.AllQueued;
            }
            return allQueued && pending == 0 ? ExitCodes.Ok : ExitCodes.Pending;
        });
        return command;
    }

    private static void Report(Session session, SendResult result, object? file, string? what, ClientLib.Groups.GroupRecord? group)
    {
        if (session.Json)
        {
            Output.Json(new
            {
                message_id = result.MessageId,
                group = group?.Name,
                unverified = group is null ? null : GroupCommand.Unverified(session, group),
                file,
                all_queued = result.AllQueued,
                deliveries = result.Deliveries.Select(d => new { user = session.Device.NameOf(d.RootIdentifierHex), node = d.NodeIdentifierHex, state = d.State.ToString(), detail = d.Detail }),
            });
            return;
        }
        Output.Line($"sent {(what is null ? string.Empty : what + " as ")}{result.MessageId} to {result.Deliveries.Count(d => d.State is DeliveryState.Queued or DeliveryState.Duplicate)} of {result.Deliveries.Count} devices");
        foreach (var failure in result.Failures)
        {
            Output.Note($"  {session.Device.NameOf(failure.RootIdentifierHex)} {failure.NodeIdentifierHex[..16]}: {failure.State} {failure.Detail}");
        }
    }
}
