using System.CommandLine;
using Wickr.Cluster.ClientLib.Storage;
using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.Cli.Commands;

/// <summary><c>wickr init &lt;user&gt;</c>: a new user and this first device.</summary>
internal static class InitCommand
{
    public static Command Create(StoredDeviceOptions deviceOptions)
    {
        var user = new Argument<string>("user") { Description = "The user name to register (its root identifier is SHA-256 of it)" };
        var hardened = new Option<bool>("--hardened")
        {
            Description = "Recommended: keep the recovery key yourself, so the server holds no passphrase-sealed copy anyone could "
                + "guess at online (recover then needs --recovery-key)",
        };
        var command = new Command("init", "Register a new user and this device; prints the fingerprint and the recovery key") { user, hardened };
        CommandRunner.Bind(command, async (parse, cancellationToken) =>
        {
            var path = Session.StorePath(parse);
            if (File.Exists(path))
            {
                throw new CliException(ExitCodes.DeviceState, $"a device store already exists at {path}");
            }
            if (!parse.GetValue(hardened))
            {
                Output.Note("The server will keep a copy of your keys sealed with your passphrase, which strangers can try to "
                    + "guess (slowly). For an account only your recovery key opens, run: wickr init --hardened "
                    + parse.GetValue(user));
            }
            var passphrase = Passphrase.Read(confirm: true);
            var channel = Session.OpenChannel(parse);
            var (device, recoveryKey) = await StoredDevice.InitAsync(
                channel, path, parse.GetValue(user)!, passphrase, parse.GetValue(hardened), deviceOptions, cancellationToken);
            await using var session = Session.Wrap(parse, channel, device);
            await device.Client.ConnectAsync(cancellationToken);
            await device.Client.DisconnectAsync();
            Enrolled.Print(session, recoveryKey);
            return ExitCodes.Ok;
        });
        return command;
    }
}

/// <summary>What init and recover print.</summary>
internal static class Enrolled
{
    public static void Print(Session session, string? recoveryKey)
    {
        var device = session.Device;
        if (session.Json)
        {
            Output.Json(new
            {
                user = device.UserName,
                node = device.Client.NodeIdentifierHex,
                fingerprint = device.Fingerprint.ToBase32(),
                recovery_key = recoveryKey,
                hardened = device.Hardened,
                store = device.Store.Path,
            });
            return;
        }
        Output.Line($"user         {device.UserName}");
        Output.Line($"device       {device.Client.NodeIdentifierHex}");
        Output.Line($"fingerprint  {device.Fingerprint.ToBase32(FingerprintLength.Long)}");
        Output.Line($"store        {device.Store.Path}");
        if (recoveryKey is not null)
        {
            Output.Line($"recovery key {recoveryKey}");
            Output.Note(device.Hardened
                ? "Write the recovery key down: it is the only way to add a device (the server holds no copy)."
                : "Write the recovery key down: with it (or your passphrase) you can add devices and recover this account.");
        }
    }
}
