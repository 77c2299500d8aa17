using System.Globalization;
using System.Security.Cryptography;
using Wickr.Cluster.Admin;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Enrollment;

// wickr-admin: the operator's side of the Invite registration policy, and Postgres mode's schema (the usage text below says everything).
// Exit codes: 0 done, 1 the key file cannot be used (missing, unreadable, not an operator key, exists already), 2 usage.
try
{
    return args switch
    {
        [] => Usage.Fail("a command is missing"),
        ["--help" or "-h" or "help", ..] => Usage.Print(),
        [_, .., "--help" or "-h"] => Usage.Print(),
        ["operator-key", var file] => CreateOperatorKey(file),
        ["issue-token", var file, .. var rest] => IssueToken(file, rest),
        ["db", .. var rest] => Wickr.Cluster.Admin.DatabaseCommands.Run(rest) ?? Usage.Fail("db takes migrate or version, and optionally --connection <connection string>"),
        ["operator-key" or "issue-token", ..] => Usage.Fail($"{args[0]} needs the private key file"),
        _ => Usage.Fail($"unknown command '{args[0]}'"),
    };
}
catch (AdminException ex)
{
    Console.Error.WriteLine("wickr-admin: " + ex.Message);
    return ex.ExitCode;
}

static int CreateOperatorKey(string file)
{
    if (File.Exists(file))
    {
        throw new AdminException(AdminExitCodes.KeyFile, $"{file} exists; refusing to overwrite an operator key");
    }

    using var key = EcKeyPair.Generate();
    var der = key.ExportDer();
    try
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var writer = new StreamWriter(file, System.Text.Encoding.ASCII, options);
            writer.WriteLine(Convert.ToBase64String(der));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AdminException(AdminExitCodes.KeyFile, $"cannot write {file}: {ex.Message}");
        }

        Console.WriteLine(Convert.ToBase64String(key.PublicKey.Encoded));
        Console.Error.WriteLine($"wrote the private key to {file} (keep it off the cluster); the line above is Gateway__Registration__OperatorPublicKey");
        return AdminExitCodes.Ok;
    }
    finally
    {
        CryptographicOperations.ZeroMemory(der);
    }
}

static int IssueToken(string file, string[] rest)
{
    var days = 7.0;
    var uses = 1;
    string? user = null;
    for (var i = 0; i < rest.Length; i++)
    {
        switch (rest[i])
        {
            case "--valid" when i + 1 < rest.Length:
                if (!double.TryParse(rest[++i], NumberStyles.Float, CultureInfo.InvariantCulture, out days) || !(days > 0) || days > 3650)
                {
                    return Usage.Fail($"--valid takes a number of days between 0 and 3650, not '{rest[i]}'");
                }
                break;
            case "--uses" when i + 1 < rest.Length:
                if (!int.TryParse(rest[++i], NumberStyles.None, CultureInfo.InvariantCulture, out uses) || uses is < 1 or > RegistrationToken.MaxUses)
                {
                    return Usage.Fail($"--uses takes a number of users between 1 and {RegistrationToken.MaxUses}, not '{rest[i]}'");
                }
                break;
            case "--user" when i + 1 < rest.Length:
                user = rest[++i];
                break;
            case "--multi-use":
                return Usage.Fail("--multi-use now takes a limit: --uses <number of users>");
            default:
                return Usage.Fail($"unknown option '{rest[i]}' of issue-token");
        }
    }

    byte[]? root = null;
    if (user is not null)
    {
        if (uses != 1)
        {
            return Usage.Fail("--user and --uses exclude each other: a token bound to a name admits that one user");
        }

        try
        {
            root = UserNames.RootIdentifier(user);
        }
        catch (WickrException ex)
        {
            return Usage.Fail($"--user: {ex.Message}");
        }
    }

    var der = ReadKeyFile(file);
    try
    {
        using var key = ImportKey(file, der);
        var token = RegistrationToken.Issue(key, DateTimeOffset.UtcNow.AddDays(days), uses, root);
        Console.WriteLine(token.ToText());
        Console.Error.WriteLine($"expires {token.ExpiresAt:u}; " + (user is not null
            ? $"only for the user name {UserNames.Normalise(user)}"
            : uses == 1 ? "one user, any name (--user <name> binds it to a name)" : $"at most {uses} users, any names"));
        return AdminExitCodes.Ok;
    }
    finally
    {
        CryptographicOperations.ZeroMemory(der);
    }
}

static byte[] ReadKeyFile(string file)
{
    string text;
    try
    {
        text = File.ReadAllText(file);
    }
    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
    {
        throw new AdminException(AdminExitCodes.KeyFile,
            ex is FileNotFoundException or DirectoryNotFoundException
                ? $"no operator key file {file} (make one with `wickr-admin operator-key {file}`)"
                : $"cannot read {file}: {ex.Message}");
    }

    var buffer = new byte[text.Length];
    if (!Convert.TryFromBase64String(text.Trim(), buffer, out var written) || written == 0)
    {
        throw new AdminException(AdminExitCodes.KeyFile, $"{file} is not an operator key (one line of base64, as `wickr-admin operator-key` writes it)");
    }
    return buffer[..written];
}

static EcKeyPair ImportKey(string file, byte[] der)
{
    try
    {
        return EcKeyPair.ImportDer(der);
    }
    catch (Exception ex) when (ex is WickrException or CryptographicException or ArgumentException)
    {
        throw new AdminException(AdminExitCodes.KeyFile, $"{file} is not an operator key (not a P-521 private key)");
    }
}
