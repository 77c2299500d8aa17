namespace Wickr.Cluster.Architecture.Tests;

/// <summary>
/// What one project of ours may depend on: its allowed projects of ours and the package prefixes it must never reference
/// itself, and, through any chain of references (its projects', their packages'), the packages it must never reach.
/// </summary>
public sealed record DependencyRule(string Project, IReadOnlyList<string> AllowedProjects, IReadOnlyList<string> ForbiddenPackagePrefixes)
{
    /// <summary>Package prefixes the project must not reach through any chain of references (what it ships with).</summary>
    public IReadOnlyList<string> UnreachablePackagePrefixes { get; init; } = [];

    /// <summary>When set, the only packages the project may reach at all, by prefix.</summary>
    public IReadOnlyList<string>? OnlyPackagePrefixes { get; init; }

    /// <summary>
    /// The layering: the protocol library is a leaf (no project of ours, no I/O, crypto packages only, also transitively);
    /// the client library adds gRPC calls and the device store on top of it; the grain contracts know only the protocol;
    /// grains know only the contracts; the gateway knows the contracts and the protocol (for checks at the door), never
    /// the client library or the grain implementations, and ships neither SQLite nor the silo runtime; only the silo host
    /// puts grains and gateway together. What both hosts share (the Silo:* settings, telemetry, health paths, listening
    /// addresses) knows nothing of ours but the options contract and nothing of the silo runtime. The options contract
    /// (IValidatableOptions, its reader and its one options validator, and Silo:AzureStorage, the one section the grains'
    /// storage and both hosts read) sits below grains, gateway and hosts and knows nothing of ours, of Orleans, of ASP.NET
    /// Core or of Azure; the grain contracts do not need it. A project reaches only the projects its allowed ones reach in
    /// turn.
    /// </summary>
    public static IReadOnlyList<DependencyRule> All { get; } =
    [
        new("Protocol", [], ["Microsoft.Orleans", "Microsoft.AspNetCore", "Azure.", "Grpc.", "Google.Protobuf", "Microsoft.Data.Sqlite"])
        {
            // Crypto, and Unicode NFKC for user names (UserNames): the hosts run with InvariantGlobalization, where
            // string.Normalize does not apply NFKC, so ICU4N carries it, with what ICU4N itself needs (J2N and the
            // Microsoft.Extensions abstractions of its cache).
            OnlyPackagePrefixes = ["BouncyCastle.", "ICU4N", "J2N", "Microsoft.Extensions."],
        },
        new("ClientLib", ["Protocol"], ["Microsoft.Orleans", "Microsoft.AspNetCore", "Azure."])
        {
            UnreachablePackagePrefixes = ["Microsoft.Orleans", "Microsoft.AspNetCore", "Azure."],
        },
        new("Grains.Interfaces", ["Protocol"], ["Microsoft.Orleans.Server", "Microsoft.Orleans.Runtime", "Azure.", "Microsoft.Data.Sqlite"])
        {
            UnreachablePackagePrefixes = ["Microsoft.Orleans.Server", "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Persistence", "Azure.", "Microsoft.Data.Sqlite", "SQLitePCLRaw", "Grpc.", "Google.Protobuf"],
        },
        new("Configuration", [], ["Microsoft.Orleans", "Microsoft.AspNetCore", "Azure.", "Grpc."])
        {
            UnreachablePackagePrefixes = ["Microsoft.Orleans", "Microsoft.AspNetCore", "Azure.", "Grpc."],
        },
        new("Grains", ["Grains.Interfaces", "Configuration"], ["Grpc.", "Google.Protobuf", "BouncyCastle"])
        {
            UnreachablePackagePrefixes = ["Grpc.", "Google.Protobuf"],
        },
        new("Hosting", ["Configuration"], ["Microsoft.Orleans.Server", "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Persistence", "Azure.", "Grpc."])
        {
            UnreachablePackagePrefixes = ["Microsoft.Orleans.Server", "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Persistence", "Azure.", "Grpc.", "Microsoft.Data.Sqlite", "SQLitePCLRaw"],
        },
        new("Gateway", ["Grains.Interfaces", "Protocol", "Hosting", "Configuration"], ["Microsoft.Orleans.Server", "Microsoft.Orleans.Persistence", "Microsoft.Data.Sqlite"])
        {
            UnreachablePackagePrefixes = ["Microsoft.Orleans.Server", "Microsoft.Orleans.Persistence", "Microsoft.Data.Sqlite", "SQLitePCLRaw"],
        },
        new("Silo", ["Grains", "Grains.Interfaces", "Gateway", "Hosting", "Configuration"], []),
        // The command-line client is a device: the client and protocol libraries only, nothing of the cluster.
        new("Cli", ["ClientLib", "Protocol"], ["Microsoft.Orleans", "Microsoft.AspNetCore", "Azure."])
        {
            UnreachablePackagePrefixes = ["Microsoft.Orleans", "Microsoft.AspNetCore", "Azure."],
        },
    ];

    /// <summary>The projects of ours <paramref name="project"/> may reach: its allowed ones and theirs in turn, by the rules.</summary>
    public static IReadOnlySet<string> ReachableProjects(string project)
    {
        var reachable = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(All.Single(rule => rule.Project == project).AllowedProjects);
        while (pending.TryPop(out var next))
        {
            if (reachable.Add(next))
            {
                foreach (var further in All.Single(rule => rule.Project == next).AllowedProjects)
                {
                    pending.Push(further);
                }
            }
        }

        return reachable;
    }
}
