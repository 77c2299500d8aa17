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
        var node = new Argument<string>("node") { Description = "The node identifier (hex) as `devices list` shows it, or a prefix of it that names one device" };
        var remove = new Command("remove", "Remove another device of this user: its mailbox and keys are deleted, it can no longer sign in") { node };
        CommandRunner.BindSession(remove, deviceOptions, async (session, parse, cancellationToken) =>
        {
            var removed = await NodeOfAsync(session, parse.GetValue(node)!, cancellationToken);
            await session.Device.RemoveDeviceAsync(removed, cancellationToken);
            if (session.Json)
            {
                Output.Json(new { removed });
            }
            else
            {
                Output.Line($"removed {removed}");
            }
            return ExitCodes.Ok;
        });
        var command = new Command("devices", "This user's devices (list, remove)") { list, remove };
        CommandRunner.BindSession(command, deviceOptions, ListAsync);
        return command;
    }

    /// <summary>The one device of this user whose node identifier starts with <paramref name="prefix"/> (hex, any case).</summary>
    private static async Task<string> NodeOfAsync(Session session, string prefix, CancellationToken cancellationToken)
    {
        var wanted = prefix.Trim().ToLowerInvariant();
        if (wanted.Length == 0 || !wanted.All(Uri.IsHexDigit))
        {
            throw new CliException(ExitCodes.Usage, $"'{prefix}' is not a node identifier (hex, as `wickr devices` lists it)");
        }
        var matches = (await session.Device.DevicesAsync(cancellationToken))
            .Where(d => d.NodeIdentifierHex.StartsWith(wanted, StringComparison.OrdinalIgnoreCase))
            .Select(d => d.NodeIdentifierHex)
            .ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new CliException(ExitCodes.NotFound, $"no device of {session.Device.UserName} has a node identifier starting with {wanted} (see `wickr devices`)"),
            _ => throw new CliException(ExitCodes.Usage, $"{matches.Count} devices have a node identifier starting with {wanted}: give more of it"),
        };
    }

    /// <summary>Says on stderr which of <paramref name="devices"/> this device sees for the first time (an added device may be an attacker's).</summary>
    public static void Announce(IReadOnlyList<DeviceInfo> devices)
    {
        foreach (var device in devices.Where(d => d.IsNew))
        {
            var shortId = device.NodeIdentifierHex[..8];
            Output.Note($"new device {shortId} added at {device.AddedAt:u} (first seen by this device); if it is not yours: wickr devices remove {shortId}");
        }
    }

    private static async Task<int> ListAsync(Session session, ParseResult parse, CancellationToken cancellationToken)
    {
        var devices = await session.Device.DevicesAsync(cancellationToken);
        Announce(devices);
        if (session.Json)
        {
            Output.Json(devices.Select(d => new { user = session.Device.UserName, node = d.NodeIdentifierHex, fingerprint = FingerprintText.Full(d.Fingerprint), fingerprint_short = FingerprintText.Short(d.Fingerprint), this_device = d.IsThisDevice, added_at = d.AddedAt, @new = d.IsNew }));
        }
        else
        {
            Output.Table(["node", FingerprintText.ShortHeader, "added", ""], devices.Select(d => new[]
            {
                d.NodeIdentifierHex, FingerprintText.Short(d.Fingerprint), d.AddedAt is { } at ? at.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : string.Empty,
                d.IsThisDevice ? "this device" : d.IsNew ? "new" : string.Empty,
            }));
        }
        return ExitCodes.Ok;
    }
}
