using System.CommandLine;
using Wickr.Cluster.ClientLib.Storage;

namespace Wickr.Cluster.Cli;

/// <summary>Runs a command's body and turns every failure into its exit code and one line on stderr.</summary>
internal static class CommandRunner
{
    public static void Bind(Command command, Func<ParseResult, CancellationToken, Task<int>> body)
        => command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await body(parse, cancellationToken);
            }
            catch (Exception ex)
            {
                var (code, message) = Failures.Describe(ex);
                if (parse.GetValue(GlobalOptions.Json))
                {
                    Output.Json(new { error = message, exit_code = code });
                }
                Output.Note("wickr: " + message);
                return code;
            }
        });

    /// <summary>Opens the device with <paramref name="deviceOptions"/>, runs <paramref name="body"/>, closes it (pins saved, keys zeroed).</summary>
    public static void BindSession(Command command, StoredDeviceOptions deviceOptions, Func<Session, ParseResult, CancellationToken, Task<int>> body)
        => Bind(command, async (parse, cancellationToken) =>
        {
            await using var session = Session.Open(parse, deviceOptions);
            return await body(session, parse, cancellationToken);
        });
}
