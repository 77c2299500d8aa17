namespace Wickr.Cluster.Architecture.Tests;

/// <summary>What one project of ours may depend on: its allowed projects of ours and the package prefixes it must never use.</summary>
public sealed record DependencyRule(string Project, IReadOnlyList<string> AllowedProjects, IReadOnlyList<string> ForbiddenPackagePrefixes)
{
    /// <summary>
    /// The layering: the protocol library is a leaf (no project of ours, no I/O, crypto packages only); the client
    /// library adds gRPC calls and the device store on top of it; the grain contracts know only the protocol; grains
    /// know only the contracts; the gateway knows the contracts and the protocol (for checks at the door), never the
    /// client library or the grain implementations; only the silo host puts grains and gateway together. What both hosts share (the Silo:*
    /// settings, telemetry, health paths) knows nothing of ours but the settings contract and nothing of the silo runtime.
    /// The options contract (IValidatableOptions, its reader and its one options validator, and Silo:AzureStorage, the one
    /// section the grains' storage and both hosts read) sits below grains, gateway and hosts and knows nothing of ours, of
    /// Orleans, of ASP.NET Core or of Azure; the grain contracts do not need it.
    /// </summary>
    public static IReadOnlyList<DependencyRule> All { get; } =
    [
        new("Protocol", [], ["Microsoft.Orleans", "Microsoft.AspNetCore", "Azure.", "Grpc.", "Google.Protobuf", "Microsoft.Data.Sqlite"]),
        new("ClientLib", ["Protocol"], ["Microsoft.Orleans", "Microsoft.AspNetCore", "Azure."]),
        new("Grains.Interfaces", ["Protocol"], ["Microsoft.Orleans.Server", "Microsoft.Orleans.Runtime", "Azure.", "Microsoft.Data.Sqlite"]),
        new("Configuration", [], ["Microsoft.Orleans", "Microsoft.AspNetCore", "Azure.", "Grpc."]),
        new("Grains", ["Grains.Interfaces", "Configuration"], ["Grpc.", "Google.Protobuf", "BouncyCastle"]),
        new("Hosting", ["Configuration"], ["Microsoft.Orleans.Server", "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Persistence", "Azure.", "Grpc."]),
        new("Gateway", ["Grains.Interfaces", "Protocol", "Hosting", "Configuration"], ["Microsoft.Orleans.Server", "Microsoft.Orleans.Persistence", "Microsoft.Data.Sqlite"]),
        new("Silo", ["Grains", "Grains.Interfaces", "Gateway", "Hosting", "Configuration"], []),
        // The command-line client is a device: the client and protocol libraries only, nothing of the cluster.
        new("Cli", ["ClientLib", "Protocol"], ["Microsoft.Orleans", "Microsoft.AspNetCore", "Azure."]),
    ];
}
