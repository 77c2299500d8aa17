using System.CommandLine;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.ClientLib.Storage;
using Wickr.Cluster.Protocol.Recovery;
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
                + "guess at online (recover then needs --recovery-key); the default where the network's recovery policy says so",
        };
        var passphraseRecovery = new Option<bool>("--passphrase-recovery")
        {
            Description = "Let the server keep a copy of your keys sealed with your passphrase (recover then needs only the passphrase), "
                + "where the network's recovery policy makes hardened the default; refused where it allows hardened accounts only",
        };
        var registrationToken = new Option<string?>("--registration-token")
        {
            Description = "The operator's invitation, for a server that registers users by invitation (wickr-admin issue-token prints it); "
                + "env WICKR_REGISTRATION_TOKEN",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("WICKR_REGISTRATION_TOKEN") is { Length: > 0 } s ? s.Trim() : null,
        };
        var command = new Command("init", "Register a new user and this device; prints the fingerprint (and, for a hardened account, the recovery key)")
        {
            user, hardened, passphraseRecovery, registrationToken,
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
            var choice = (parse.GetValue(hardened), parse.GetValue(passphraseRecovery)) switch
            {
                (true, true) => throw new CliException(ExitCodes.Usage, "--hardened and --passphrase-recovery contradict each other: give one of them"),
                (true, false) => RecoveryChoice.Hardened,
                (false, true) => RecoveryChoice.Passphrase,
                _ => RecoveryChoice.NetworkDefault,
            };
            var channel = Session.OpenChannel(parse);
            StoredDevice device;
            string recoveryKey;
            RecoveryPolicy policy;
            try
            {
                // The network's policy first, so the mode is said (or refused) before the passphrase is asked for.
                policy = await WickrAccounts.GetRecoveryPolicyAsync(channel, cancellationToken);
                var mode = RecoveryNote.Decide(policy, choice);
                Output.Note(RecoveryNote.Line(policy, choice, mode, name));
                var passphrase = Passphrase.Read(confirm: true);
                (device, recoveryKey) = await StoredDevice.InitAsync(
                    channel, path, name, passphrase, mode, token, deviceOptions, cancellationToken);
            }
            catch (WickrClientException ex) when (Invitation.Explain(ex, name, token) is { } refusal)
            {
                channel.Dispose();
                throw refusal;
            }
            catch
            {
                channel.Dispose();
                throw;
            }
            await using var session = Session.Wrap(parse, channel, device);
            await device.Client.ConnectAsync(cancellationToken);
            await device.Client.DisconnectAsync();
            // Only the hardened mode's key opens the account (the server keeps the passphrase-sealed copy otherwise, fetched with the passphrase).
            Enrolled.Print(session, device.Hardened ? recoveryKey : null, policy);
            return ExitCodes.Ok;
        });
        return command;
    }
}

/// <summary>What init and recover print.</summary>
internal static class Enrolled
{
    /// <param name="session">The new device's session.</param>
    /// <param name="recoveryKey">The recovery key to print (a new hardened account), or null.</param>
    /// <param name="policy">init: the network's recovery policy the account was made under; recover: null.</param>
    public static void Print(Session session, string? recoveryKey, RecoveryPolicy? policy = null)
    {
        var initialised = policy is not null;
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
                recovery_policy = policy?.ToString(),
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
