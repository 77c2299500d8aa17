using System.CommandLine;
using Wickr.Cluster.ClientLib.Storage;

namespace Wickr.Cluster.Cli.Commands;

/// <summary><c>wickr read &lt;id&gt;</c>: show one stored message; the first read starts its burn-on-read countdown.</summary>
internal static class ReadCommand
{
    public static Command Create(StoredDeviceOptions deviceOptions)
    {
        var id = new Argument<long>("id") { Description = "The message's id as `inbox` lists it" };
        var command = new Command("read", "Show a message (a burn-on-read message is deleted its burn time after this)") { id };
        CommandRunner.BindSession(command, deviceOptions, (session, parse, _) =>
        {
            var message = session.Device.Store.Read(parse.GetValue(id))
                ?? throw new CliException(ExitCodes.NotFound, $"no message {parse.GetValue(id)} (never received, expired or burned)");
            if (session.Json)
            {
                Output.Json(MessageView.Json(session, message, withText: true));
            }
            else
            {
                if (MessageView.Group(session, message) is { } group)
                {
                    Output.Line($"in    {group.Name}");
                }
                Output.Line($"from  {session.Device.NameOf(message.SenderRootIdentifierHex)}{(message.SenderPin == Protocol.Trust.PinStatus.Mismatch ? " (NOT the pinned root key)" : string.Empty)}");
                Output.Line($"sent  {(message.SentAt ?? message.ReceivedAt).ToLocalTime():yyyy-MM-dd HH:mm:ss}");
                if (message.DeleteAt is { } at)
                {
                    Output.Line($"gone  {at.ToLocalTime():yyyy-MM-dd HH:mm:ss}");
                }
                Output.Line(string.Empty);
                Output.Line(message.ContentType == Protocol.Files.FileDescriptor.ContentType
                    ? MessageView.Content(session, message) + $" — save it with `wickr get {message.Sequence}`"
                    : message.ContentType == ClientLib.Groups.GroupControl.ContentType ? MessageView.Content(session, message)
                    : message.Text ?? $"(content type {message.ContentType}, {message.Body.Length} bytes)");
            }
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
