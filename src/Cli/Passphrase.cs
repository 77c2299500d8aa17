using Spectre.Console;

namespace Wickr.Cluster.Cli;

/// <summary>The passphrase: WICKR_PASSPHRASE for scripts, otherwise asked on the terminal (never echoed, never logged).</summary>
internal static class Passphrase
{
    public const string Variable = "WICKR_PASSPHRASE";

    public static string Read(bool confirm)
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }
        if (Console.IsInputRedirected)
        {
            throw new CliException(ExitCodes.Usage, $"no passphrase: set {Variable} or run in a terminal");
        }
        var first = AnsiConsole.Prompt(new TextPrompt<string>("Passphrase:").Secret());
        if (confirm && AnsiConsole.Prompt(new TextPrompt<string>("Passphrase again:").Secret()) != first)
        {
            throw new CliException(ExitCodes.Usage, "the passphrases differ");
        }
        return first;
    }
}
