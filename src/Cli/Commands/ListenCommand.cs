using System.CommandLine;
using Wickr.Cluster.ClientLib.Storage;

namespace Wickr.Cluster.Cli.Commands;

/// <summary><c>wickr listen</c>: stay online and print messages as they arrive (each stored before it is acknowledged).</summary>
internal static class ListenCommand
{
    public static Command Create(StoredDeviceOptions deviceOptions)
    {
        var count = new Option<int>("--count") { Description = "Exit after this many messages (0 = run until Ctrl+C)" };
        var timeout = CliDuration.Option("--timeout", "Exit after this long, e.g. 30s, 10m (0 = no limit)");
        var command = new Command("listen", "Receive live: print each message as it arrives (burn-on-read ones as a notice)") { count, timeout };
        CommandRunner.BindSession(command, deviceOptions, async (session, parse, cancellationToken) =>
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (parse.GetValue(timeout) is > 0 and var seconds)
            {
                limit.CancelAfter(TimeSpan.FromSeconds(seconds));
            }
            await session.SyncAsync(limit.Token);
            DevicesCommand.Announce(await session.Device.DevicesAsync(limit.Token));
            Output.Note($"listening as {session.Device.UserName} (Ctrl+C to stop)");
            using var purge = new PeriodicTimer(TimeSpan.FromSeconds(1));
            var purging = PurgeAsync(session, purge, limit.Token);
            var wanted = parse.GetValue(count);
            var seen = 0;
            try
            {
                await foreach (var message in session.Device.Client.ReceiveAllAsync(limit.Token))
                {
                    // One row: the message as the store keeps it (its deadlines), never the whole store.
                    var stored = session.Device.Store.Find(message.Sequence);
                    if (stored is not null)
                    {
                        if (session.Json)
                        {
                            Output.Json(MessageView.Json(session, stored, withText: stored.BurnOnRead == 0));
                        }
                        else
                        {
                            var row = MessageView.Row(session, stored);
                            Output.Line(row[1] == "(direct)" ? $"[{row[0]}] {row[2]}: {row[4]}" : $"[{row[0]}] #{row[1]} {row[2]}: {row[4]}");
                        }
                    }
                    // A first contact's pin is written now, not only when the listener stops.
                    session.Device.SaveContacts();
                    if (wanted > 0 && ++seen >= wanted)
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // --timeout ran out.
            }
            await limit.CancelAsync();
            await purging;
            return cancellationToken.IsCancellationRequested ? ExitCodes.Interrupted : ExitCodes.Ok;
        });
        return command;
    }

    // Expired and burned messages leave the file while listening, not only at the next start.
    private static async Task PurgeAsync(Session session, PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                session.Device.Store.Purge();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped with the listener.
        }
    }
}
