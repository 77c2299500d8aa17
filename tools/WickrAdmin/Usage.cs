namespace Wickr.Cluster.Admin;

/// <summary>The usage text: on stdout for <c>--help</c> (exit 0), on stderr after a wrong command line (exit 2).</summary>
internal static class Usage
{
    private const string Text = """
        wickr-admin: the operator's side of the Invite registration policy, and Postgres mode's schema.

        Usage:
          wickr-admin operator-key <private-key-file>
              Make a P-521 operator key pair. The private key (base64 DER) goes to the file, created 0600 and never
              overwritten; the public key is printed on stdout: set it as Gateway__Registration__OperatorPublicKey.
          wickr-admin issue-token <private-key-file> [--user <name>] [--uses <n>] [--valid <days>]
              Print a registration token (base64url) signed by the operator key, valid for <days> (default 7). With
              --user it admits only that user name (normalised: trimmed, Unicode NFKC, lower case), which may be a
              reserved name; without it one user of any name, or at most <n> users with --uses (1 to 10000). Give it
              to the invited user: wickr init <user> --registration-token <token>.
          wickr-admin db migrate|version [--connection <npgsql connection string>]
              Postgres mode's schema: apply the migrations this build knows, or print the version (exit 1 when it is
              not this build's). Without --connection the connection string is read from $Silo__Postgres__ConnectionString.
          wickr-admin --help

        Exit codes: 0 done, 1 the key file cannot be used (missing, unreadable, not an operator key, or exists
        already for operator-key), 2 wrong command line.
        """;

    public static int Print()
    {
        Console.Out.WriteLine(Text);
        return AdminExitCodes.Ok;
    }

    public static int Fail(string problem)
    {
        Console.Error.WriteLine($"wickr-admin: {problem}. Try `wickr-admin --help`.");
        return AdminExitCodes.Usage;
    }
}
