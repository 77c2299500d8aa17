using System.CommandLine;
using Wickr.Cluster.ClientLib.Storage;

namespace Wickr.Cluster.Cli.Commands;

/// <summary><c>wickr sync</c>: goes online once — sends what waits in the outbox, fetches new messages into the store.</summary>
internal static class SyncCommand
{
    public static Command Create(StoredDeviceOptions deviceOptions)
    {
        var command = new Command("sync", "Send what waits in the outbox and fetch new messages (exit 9 if some are still not taken by every device)");
        CommandRunner.BindSession(command, deviceOptions, async (session, _, cancellationToken) =>
        {
            var before = session.Device.Store.Count;
            var queued = session.Device.Store.Outbox().Count;
            var pending = await session.SyncAsync(cancellationToken);
            await session.Device.Client.DisconnectAsync();
            var received = Math.Max(0, session.Device.Store.Count - before);
            if (session.Json)
            {
                Output.Json(new { sent = queued - pending, pending, received });
            }
            else
            {
                Output.Line($"sent {queued - pending} from the outbox, {pending} still pending; {received} new messages (see `wickr inbox --offline`)");
            }
            return pending == 0 ? ExitCodes.Ok : ExitCodes.Pending;
        });
        return command;
    }
}
