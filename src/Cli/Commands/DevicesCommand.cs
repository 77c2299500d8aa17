using System.CommandLine;
using Wickr.Cluster.ClientLib.Storage;

namespace Wickr.Cluster.Cli.Commands;

/// <summary><c>wickr devices [list|remove &lt;node&gt;]</c>: this user's devices.</summary>
internal static class DevicesCommand
{
    public static Command Create(StoredDeviceOptions deviceOptions)
    {
        var list = new Command("list", "List this user's devices as the server has them");
        CommandRunner.BindSession(list, deviceOptions, ListAsync);
        var node = new Argument<string>("node") { Description = "The node identifier (hex) as `devices list` shows it" };
        var remove = new Command("remove", "Remove another device of this user: its mailbox and keys are deleted, it can no longer sign in") { node };
        CommandRunner.BindSession(remove, deviceOptions, async (session, parse, cancellationToken) =>
        {
            await session.Device.RemoveDeviceAsync(parse.GetValue(node)!, cancellationToken);
            if (session.Json)
            {
                Output.Json(new { removed = parse.GetValue(node) });
            }
            else
            {
                Output.Line($"removed {parse.GetValue(node)}");
            }
            return ExitCodes.Ok;
        });
        var command = new Command("devices", "This user's devices (list, remove)") { list, remove };
        CommandRunner.BindSession(command, deviceOptions, ListAsync);
        return command;
    }

    private static async Task<int> ListAsync(Session session, ParseResult parse, CancellationToken cancellationToken)
    {
        var devices = await session.Device.DevicesAsync(cancellationToken);
        if (session.Json)
        {
            Output.Json(devices.Select(d => new { node = d.NodeIdentifierHex, fingerprint = d.Fingerprint, this_device = d.IsThisDevice }));
        }
        else
        {
            Output.Table(["node", "fingerprint", ""], devices.Select(d => new[] { d.NodeIdentifierHex, d.Fingerprint, d.IsThisDevice ? "this device" : string.Empty }));
        }
        return ExitCodes.Ok;
    }
}
