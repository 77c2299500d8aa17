using System.CommandLine;
using Wickr.Cluster.ClientLib.Client;

namespace Wickr.Cluster.Cli.Commands;

/// <summary><c>wickr send &lt;user&gt; &lt;text&gt;</c>: through the outbox to every device of the user and of this user.</summary>
internal static class SendCommand
{
    public static Command Create()
    {
        var user = new Argument<string>("user") { Description = "The recipient's user name" };
        var text = new Argument<string>("text") { Description = "The message" };
        var ttl = new Option<ulong>("--ttl") { Description = "Seconds after sending at which every copy is deleted (0 = never)" };
        var burn = new Option<ulong>("--burn") { Description = "Burn on read: seconds after first reading at which it is deleted (0 = off)" };
        var command = new Command("send", "Send a text message") { user, text, ttl, burn };
        CommandRunner.BindSession(command, async (session, parse, cancellationToken) =>
        {
            var pending = 0;
            foreach (var earlier in await session.Device.FlushOutboxAsync(cancellationToken))
            {
                Session.Report(earlier);
                pending += earlier.Delivered ? 0 : 1;
            }
            var result = await session.Device.SendTextAsync(parse.GetValue(user)!, parse.GetValue(text)!, parse.GetValue(ttl), parse.GetValue(burn), cancellationToken);
            if (session.Json)
            {
                Output.Json(new
                {
                    message_id = result.MessageId,
                    all_queued = result.AllQueued,
                    deliveries = result.Deliveries.Select(d => new { user = session.Device.NameOf(d.RootIdentifierHex), node = d.NodeIdentifierHex, state = d.State.ToString(), detail = d.Detail }),
                });
            }
            else
            {
                Output.Line($"sent {result.MessageId} to {result.Deliveries.Count(d => d.State is DeliveryState.Queued or DeliveryState.Duplicate)} of {result.Deliveries.Count} devices");
                foreach (var failure in result.Failures)
                {
                    Output.Note($"  {session.Device.NameOf(failure.RootIdentifierHex)} {failure.NodeIdentifierHex[..16]}: {failure.State} {failure.Detail}");
                }
            }
            return result.AllQueued && pending == 0 ? ExitCodes.Ok : ExitCodes.Pending;
        });
        return command;
    }
}
