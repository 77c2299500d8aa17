using System.Text.Json;

namespace Wickr.Cluster.EndToEnd.Tests.Cli;

/// <summary>One finished run of the <c>wickr</c> process.</summary>
internal sealed record CliRun(string[] Arguments, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The JSON the command wrote on stdout (the last line, for commands that also print notes).</summary>
    public JsonElement Json => JsonDocument.Parse(Stdout.Trim().Split('\n')[^1]).RootElement;

    public override string ToString() => $"wickr {string.Join(' ', Arguments)} → {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}
