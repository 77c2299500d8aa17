using System.CommandLine;
using Wickr.Cluster.ClientLib;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.ClientLib.Storage;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Cli.Commands;

/// <summary><c>wickr recover &lt;user&gt;</c> (alias <c>link</c>): this machine becomes another device of an existing user.</summary>
internal static class RecoverCommand
{
    public static Command Create(StoredDeviceOptions deviceOptions)
    {
        var user = new Argument<string>("user") { Description = "The existing user name" };
        var recoveryKey = new Option<string?>("--recovery-key")
        {
            Description = "The recovery key `init --hardened` printed (hardened accounts only; others recover with the passphrase); env WICKR_RECOVERY_KEY",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("WICKR_RECOVERY_KEY") is { Length: > 0 } s ? s : null,
        };
        var command = new Command("recover", "Add this machine as a new device of an existing user, from the recovery bundle and the passphrase (or recovery key)")
        {
            user, recoveryKey,
        };
        command.Aliases.Add("link");
        CommandRunner.Bind(command, async (parse, cancellationToken) =>
        {
            var path = Session.StorePath(parse);
            if (File.Exists(path))
            {
                throw new CliException(ExitCodes.DeviceState, $"a device store already exists at {path}");
            }
            var passphrase = Passphrase.Read(confirm: false);
            var channel = Session.OpenChannel(parse);
            StoredDevice device;
            try
            {
                device = await StoredDevice.RecoverAsync(channel, path, parse.GetValue(user)!, passphrase, parse.GetValue(recoveryKey), deviceOptions, cancellationToken);
            }
            catch (WickrException ex) when (ex.Error is WickrError.Decrypt or WickrError.WrongPassphrase)
            {
                channel.Dispose();
                throw new CliException(ExitCodes.WrongPassphrase, "the passphrase or recovery key does not open the recovery bundle; nothing was changed here");
            }
            catch (WickrClientException ex) when (ex.StatusCode == Grpc.Core.StatusCode.PermissionDenied)
            {
                // The server answers an unknown user, a wrong passphrase and a hardened account alike.
                channel.Dispose();
                throw new CliException(ExitCodes.WrongPassphrase, parse.GetValue(recoveryKey) is null
                    ? "no recovery bundle of this user opens with that passphrase; for a hardened account (made with `init --hardened`, or "
                        + "by a network whose recovery policy makes it the default) give --recovery-key"
                    : "no recovery bundle of this user opens with that recovery key (a recovery key opens only a hardened account, made with "
                        + "`init --hardened` or by the network's recovery policy; any other account is recovered with its passphrase alone, "
                        + "without --recovery-key)");
            }
            catch (WickrException ex) when (ex.Error == WickrError.Parse && parse.GetValue(recoveryKey) is not null)
            {
                channel.Dispose();
                throw new CliException(ExitCodes.Usage, "--recovery-key is not a recovery key as `wickr init` printed it");
            }
            await using var session = Session.Wrap(parse, channel, device);
            await device.Client.ConnectAsync(cancellationToken);
            await device.Client.DisconnectAsync();
            Enrolled.Print(session, null);
            return ExitCodes.Ok;
        });
        return command;
    }
}
