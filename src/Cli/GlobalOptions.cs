using System.CommandLine;

namespace Wickr.Cluster.Cli;

/// <summary>The options every command takes (recursive), each with its environment variable.</summary>
internal static class GlobalOptions
{
    /// <summary>Where the embedded silo's gateway listens by default.</summary>
    public const string DefaultServer = "http://127.0.0.1:5080";

    public static readonly Option<string> Server = new("--server")
    {
        Description = "Gateway address (http:// or https://); env WICKR_SERVER; default " + DefaultServer,
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("WICKR_SERVER") is { Length: > 0 } s ? s : DefaultServer,
    };

    public static readonly Option<string?> Ca = new("--ca")
    {
        Description = "PEM file of the CA that signed the gateway's TLS certificate; env WICKR_CA",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("WICKR_CA") is { Length: > 0 } s ? s : null,
    };

    public static readonly Option<string> Home = new("--home")
    {
        Description = "Folder of this device's encrypted store; env WICKR_HOME; default ~/.wickr",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("WICKR_HOME") is { Length: > 0 } s
            ? s
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".wickr"),
    };

    public static readonly Option<bool> Insecure = new("--insecure")
    {
        Description = "Allow a plaintext http:// --server that is not on this machine (tokens and recovery access keys then cross the network unencrypted)",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Write the result as JSON on stdout (one object; `listen` writes one per line)",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Server);
        root.Options.Add(Ca);
        root.Options.Add(Home);
        root.Options.Add(Insecure);
        root.Options.Add(Json);
    }
}
