namespace Wickr.Cluster.Cli;

/// <summary>The process exit codes of <c>wickr</c>, one per kind of outcome (documented in docs/cli.md and by <c>--help</c>).</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>An unexpected failure.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong (unknown option, missing argument, no passphrase without a terminal).</summary>
    public const int Usage = 2;

    /// <summary>The passphrase (or recovery key) does not open the store or the recovery bundle; nothing was changed.</summary>
    public const int WrongPassphrase = 3;

    /// <summary>No device store in the home folder (run <c>wickr init</c> or <c>wickr recover</c>), or one exists already.</summary>
    public const int DeviceState = 4;

    /// <summary>The server could not be reached (the outbox keeps unsent messages).</summary>
    public const int Unreachable = 5;

    /// <summary>The user, device or message does not exist.</summary>
    public const int NotFound = 6;

    /// <summary>The server refused the request (taken user name, bad input, not allowed).</summary>
    public const int Refused = 7;

    /// <summary>A user presents a root key other than the pinned one: compare fingerprints, then <c>wickr verify --confirm</c>.</summary>
    public const int Untrusted = 8;

    /// <summary>A message was not taken by every device yet; it stays in the outbox and is resent by the next command.</summary>
    public const int Pending = 9;

    /// <summary><c>get</c>: the message is not a file message, or the downloaded file did not verify (changed, truncated); nothing was written.</summary>
    public const int FileRejected = 10;

    /// <summary><c>get</c>: the output file exists already (pass <c>--force</c> to replace it); it was left as it was.</summary>
    public const int FileExists = 11;

    /// <summary>
    /// <c>send</c>: the server is unreachable, and the message waits in the outbox; the next command that reaches the
    /// server (or <c>wickr sync</c>) sends it under the same id. Sending it again would deliver it twice.
    /// </summary>
    public const int Queued = 12;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Interrupted = 130;

    /// <summary>The table shown by <c>wickr --help</c>.</summary>
    public const string Table = """
        Exit codes: 0 ok, 1 failure, 2 usage, 3 wrong passphrase, 4 no (or already a) device store,
        5 server unreachable, 6 not found, 7 refused by the server, 8 root key differs from the pin,
        9 not yet delivered to every device (kept in the outbox), 10 not a file message or the file did not verify,
        11 the output file exists (use --force), 12 server unreachable, message queued in the outbox (sent by the next
        command or `wickr sync`), 130 interrupted.
        """;
}
