using System.CommandLine;
using Wickr.Cluster.Cli.Commands;
using Wickr.Cluster.ClientLib.Storage;

namespace Wickr.Cluster.Cli;

/// <summary>The <c>wickr</c> command line: every command, the options they share, and the exit code.</summary>
internal static class WickrCommand
{
    /// <summary>
    /// Parses and runs <paramref name="args"/>. Devices are made and opened with <paramref name="deviceOptions"/>:
    /// the shipped binary passes the defaults (the reference's scrypt cost, the full key pool) and reads no other
    /// tuning from anywhere.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, StoredDeviceOptions deviceOptions)
    {
        var root = new RootCommand("wickr: end-to-end encrypted messaging on Wickr.Cluster. The device's keys and messages live in an "
            + "encrypted store (--home), unlocked with your passphrase (prompt or WICKR_PASSPHRASE).\n\n" + ExitCodes.Table)
        {
            InitCommand.Create(deviceOptions),
            RecoverCommand.Create(deviceOptions),
            SendCommand.Create(deviceOptions),
            GroupCommand.Create(deviceOptions),
            InboxCommand.Create(deviceOptions),
            ReadCommand.Create(deviceOptions),
            GetCommand.Create(deviceOptions),
            ListenCommand.Create(deviceOptions),
            ContactsCommand.Create(deviceOptions),
            VerifyCommand.Create(deviceOptions),
            DevicesCommand.Create(deviceOptions),
            StatusCommand.Create(deviceOptions),
            SyncCommand.Create(deviceOptions),
        };
        GlobalOptions.AddTo(root);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync("wickr: " + error.Message);
            }
            await Console.Error.WriteLineAsync("Try `wickr --help`.");
            return ExitCodes.Usage;
        }
        return await parse.InvokeAsync();
    }
}
