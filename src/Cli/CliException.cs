namespace Wickr.Cluster.Cli;

/// <summary>A failure the command itself detected, with its exit code.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
