using System.CommandLine;
using Spectre.Console;
using Wickr.Cluster.ClientLib.Storage;
using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.Cli.Commands;

/// <summary><c>wickr verify &lt;user&gt;</c>: show both fingerprints; on confirmation pin the root and mark the contact verified.</summary>
internal static class VerifyCommand
{
    public static Command Create(StoredDeviceOptions deviceOptions)
    {
        var user = new Argument<string>("user") { Description = "The user to verify" };
        var confirm = new Option<bool>("--confirm")
        {
            Description = "You compared the fingerprints out of band and they match: pin this root (replacing a different pin) and mark the contact verified",
        };
        var command = new Command("verify", "Compare fingerprints with another user and pin their root key") { user, confirm };
        CommandRunner.BindSession(command, deviceOptions, async (session, parse, cancellationToken) =>
        {
            var name = parse.GetValue(user)!;
            var confirmed = parse.GetValue(confirm);
            var result = await session.Device.VerifyAsync(name, confirmed, cancellationToken);
            if (!confirmed && !session.Json && !Console.IsInputRedirected)
            {
                Show(result);
                if (AnsiConsole.Confirm($"Does {Markup.Escape(name)} read you the same combined fingerprint?", defaultValue: false))
                {
                    result = await session.Device.VerifyAsync(name, true, cancellationToken);
                    confirmed = true;
                }
            }
            else if (!session.Json)
            {
                Show(result);
            }
            if (session.Json)
            {
                Output.Json(new
                {
                    user = result.UserName,
                    mine = FingerprintText.Full(result.Mine),
                    theirs = FingerprintText.Full(result.Theirs),
                    combined = FingerprintText.Full(result.Bilateral),
                    pin = result.Pin.ToString(),
                    verified = result.Verified,
                });
            }
            else
            {
                Output.Line(result.Verified ? $"{name} is verified and pinned." : $"{name} is not verified.");
            }
            return result.Pin == PinStatus.Mismatch && !confirmed ? ExitCodes.Untrusted : ExitCodes.Ok;
        });
        return command;
    }

    private static void Show(ClientLib.Storage.Verification result)
    {
        Output.Line($"you       {FingerprintText.Full(result.Mine)}");
        Output.Line($"{result.UserName,-9} {FingerprintText.Full(result.Theirs)}");
        Output.Line($"combined  {FingerprintText.Full(result.Bilateral)}");
        if (result.Pin == PinStatus.Mismatch)
        {
            Output.Line($"WARNING: {result.UserName} presents a root key other than the one pinned before.");
        }
    }
}
