namespace Wickr.Cluster.Admin;

/// <summary>The exit codes of <c>wickr-admin</c> (listed by <c>--help</c>).</summary>
internal static class AdminExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>The key file cannot be used: missing, unreadable, not an operator key, or (operator-key) there already.</summary>
    public const int KeyFile = 1;

    /// <summary>The command line is wrong.</summary>
    public const int Usage = 2;
}
