using System.CommandLine;
using Wickr.Cluster.Cli;
using Wickr.Cluster.Cli.Commands;

var root = new RootCommand("wickr: end-to-end encrypted messaging on Wickr.Cluster. The device's keys and messages live in an "
    + "encrypted store (--home), unlocked with your passphrase (prompt or WICKR_PASSPHRASE).\n\n" + ExitCodes.Table)
{
    InitCommand.Create(),
    RecoverCommand.Create(),
    SendCommand.Create(),
    InboxCommand.Create(),
    ReadCommand.Create(),
    GetCommand.Create(),
    ListenCommand.Create(),
    ContactsCommand.Create(),
    VerifyCommand.Create(),
    DevicesCommand.Create(),
    StatusCommand.Create(),
};
GlobalOptions.AddTo(root);
var parse = root.Parse(args);
if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine("wickr: " + error.Message);
    }
    Console.Error.WriteLine("Try `wickr --help`.");
    return ExitCodes.Usage;
}
return await parse.InvokeAsync();
