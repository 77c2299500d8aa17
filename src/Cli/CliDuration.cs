using System.CommandLine;
using Wickr.Cluster.ClientLib.Client;

namespace Wickr.Cluster.Cli;

/// <summary>Options that take a duration (<c>30s</c>, <c>1h</c>, <c>7d</c>, or bare seconds), read as whole seconds.</summary>
internal static class CliDuration
{
    public static Option<ulong> Option(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "duration",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
            if (DurationText.Parse(text) is { } duration)
            {
                return (ulong)Math.Ceiling(duration.TotalSeconds);
            }
            result.AddError($"{name}: '{text}' is not {DurationText.Examples}");
            return 0;
        },
    };
}
