using System.CommandLine;
using Wickr.Cluster.ClientLib.Client;
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
        var registrationToken = new Option<string?>("--registration-token")
        {
            Description = "The operator's invitation, for a server that registers users by invitation (wickr-admin issue-token prints it); "
                + "env WICKR_REGISTRATION_TOKEN",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("WICKR_REGISTRATION_TOKEN") is { Length: > 0 } s ? s.Trim() : null,
        };
        var command = new Command("init", "Register a new user and this device; prints the fingerprint (and, with --hardened, the recovery key)")
        {
            user, hardened, registrationToken,
        };
        CommandRunner.Bind(command, async (parse, cancellationToken) =>
        {
            var path = Session.StorePath(parse);
            if (File.Exists(path))
            {
                throw new CliException(ExitCodes.DeviceState, $"a device store already exists at {path}");
            }
            var name = parse.GetValue(user)!;
            var token = parse.GetValue(registrationToken);
            Invitation.Check(token);
            if (!parse.GetValue(hardened))
            {
                Output.Note("The server will keep a copy of your keys sealed with your passphrase, which strangers can try to "
                    + "guess (slowly). For an account only your recovery key opens, run: wickr init --hardened "
                    + name);
            }
            var passphrase = Passphrase.Read(confirm: true);
            var channel = Session.OpenChannel(parse);
            StoredDevice device;
            string recoveryKey;
            try
            {
                (device, recoveryKey) = await StoredDevice.InitAsync(
                    channel, path, name, passphrase, parse.GetValue(hardened), token, deviceOptions, cancellationToken);
            }
            catch (WickrClientException ex) when (Invitation.Explain(ex, name, token) is { } refusal)
            {
                channel.Dispose();
                throw refusal;
            }
            await using var session = Session.Wrap(parse, channel, device);
            await device.Client.ConnectAsync(cancellationToken);
            await device.Client.DisconnectAsync();
            // Only the hardened mode's key opens the account (the server keeps the passphrase-sealed copy otherwise, fetched with the passphrase).
            Enrolled.Print(session, device.Hardened ? recoveryKey : null, initialised: true);
            return ExitCodes.Ok;
        });
        return command;
    }
}

/// <summary>What init and recover print.</summary>
internal static class Enrolled
{
    public static void Print(Session session, string? recoveryKey, bool initialised = false)
    {
        var device = session.Device;
        if (session.Json)
        {
            Output.Json(new
            {
                user = device.UserName,
                node = device.Client.NodeIdentifierHex,
                fingerprint = FingerprintText.Full(device.Fingerprint),
                recovery_key = recoveryKey,
                hardened = device.Hardened,
                store = device.Store.Path,
            });
            return;
        }
        Output.Line($"user         {device.UserName}");
        Output.Line($"device       {device.Client.NodeIdentifierHex}");
        Output.Line($"fingerprint  {FingerprintText.Full(device.Fingerprint)}");
        Output.Line($"store        {device.Store.Path}");
        if (recoveryKey is not null)
        {
            Output.Line($"recovery key {recoveryKey}");
            Output.Note($"Write the recovery key down: it is the only way to add a device (`wickr recover {device.UserName} --recovery-key KEY`); the server holds no copy.");
        }
        else if (initialised)
        {
            Output.Note($"Your passphrase adds devices and recovers this account (`wickr recover {device.UserName}`); keep it safe.");
        }
    }
}
