namespace Wickr.Cluster.Admin;

/// <summary>A refusal of <c>wickr-admin</c>: the exit code and the one line printed on stderr.</summary>
internal sealed class AdminException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
