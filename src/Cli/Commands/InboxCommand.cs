using System.CommandLine;
using Wickr.Cluster.ClientLib.Storage;

namespace Wickr.Cluster.Cli.Commands;

/// <summary><c>wickr inbox</c>: fetch what is queued, then list the stored messages.</summary>
internal static class InboxCommand
{
    public static Command Create(StoredDeviceOptions deviceOptions)
    {
        var offline = new Option<bool>("--offline") { Description = "Only list what the store holds; do not contact the server" };
        var command = new Command("inbox", "Fetch new messages and list every stored one (burn-on-read text only with `read`)") { offline };
        CommandRunner.BindSession(command, deviceOptions, async (session, parse, cancellationToken) =>
        {
            var pending = 0;
            if (!parse.GetValue(offline))
            {
                pending = await session.SyncAsync(cancellationToken);
                await session.Device.Client.DisconnectAsync();
            }
            var messages = session.Device.Store.List();
            if (session.Json)
            {
                Output.Json(messages.Select(m => MessageView.Json(session, m, withText: m.BurnOnRead == 0 || m.ReadAt is not null)));
            }
            else
            {
                Output.Table(MessageView.Header, messages.Select(m => MessageView.Row(session, m)));
            }
            return pending == 0 ? ExitCodes.Ok : ExitCodes.Pending;
        });
        return command;
    }
}
