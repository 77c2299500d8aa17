using System.Globalization;
using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Enrollment;

// wickr-admin: the operator's side of the Invite registration policy.
//   operator-key <private-key-file>      make a P-521 key pair; the private key (DER, base64) goes to the file (0600),
//                                         the public key (what Gateway:Registration:OperatorPublicKey takes) to stdout
//   issue-token <private-key-file> [--valid <days>] [--multi-use]
//                                         print a registration token (base64url) valid for <days> (default 7), single use
//                                         unless --multi-use
//   db migrate|version [--connection <npgsql connection string>]
//                                         Postgres mode's schema: apply the migrations this build knows, or print the
//                                         version (connection string default: $Silo__Postgres__ConnectionString)
return args switch
{
    ["operator-key", var file] => CreateOperatorKey(file),
    ["issue-token", var file, .. var rest] => IssueToken(file, rest),
    ["db", .. var rest] => Wickr.Cluster.Admin.DatabaseCommands.Run(rest) ?? Usage(),
    _ => Usage(),
};

static int CreateOperatorKey(string file)
{
    if (File.Exists(file))
    {
        Console.Error.WriteLine($"{file} exists; refusing to overwrite an operator key.");
        return 1;
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

        using (var writer = new StreamWriter(file, System.Text.Encoding.ASCII, options))
        {
            writer.WriteLine(Convert.ToBase64String(der));
        }

        Console.WriteLine(Convert.ToBase64String(key.PublicKey.Encoded));
        return 0;
    }
    finally
    {
        CryptographicOperations.ZeroMemory(der);
    }
}

static int IssueToken(string file, string[] rest)
{
    var days = 7.0;
    var singleUse = true;
    for (var i = 0; i < rest.Length; i++)
    {
        switch (rest[i])
        {
            case "--valid" when i + 1 < rest.Length && double.TryParse(rest[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out days) && days > 0:
                i++;
                break;
            case "--multi-use":
                singleUse = false;
                break;
            default:
                return Usage();
        }
    }

    var der = Convert.FromBase64String(File.ReadAllText(file).Trim());
    try
    {
        using var key = EcKeyPair.ImportDer(der);
        var token = RegistrationToken.Issue(key, DateTimeOffset.UtcNow.AddDays(days), singleUse);
        Console.WriteLine(token.ToText());
        Console.Error.WriteLine($"expires {token.ExpiresAt:u}; {(singleUse ? "single use" : "any number of users")}");
        return 0;
    }
    finally
    {
        CryptographicOperations.ZeroMemory(der);
    }
}

static int Usage()
{
    Console.Error.WriteLine("usage: wickr-admin operator-key <private-key-file>");
    Console.Error.WriteLine("       wickr-admin issue-token <private-key-file> [--valid <days>] [--multi-use]");
    Console.Error.WriteLine(Wickr.Cluster.Admin.DatabaseCommands.Usage);
    return 2;
}
