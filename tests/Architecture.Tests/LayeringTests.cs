using System.Reflection;

namespace Wickr.Cluster.Architecture.Tests;

/// <summary>The projects keep their layers: checked on the project files and on the compiled assemblies.</summary>
public sealed class LayeringTests
{
    public static TheoryData<string> Rules() => [.. DependencyRule.All.Select(rule => rule.Project)];

    [Fact]
    public void Every_source_project_has_a_rule()
    {
        var missing = Repository.SourceProjects().Keys.Except(DependencyRule.All.Select(rule => rule.Project)).ToList();
        Assert.True(missing.Count == 0, $"add a DependencyRule for: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Project_file_references_only_what_its_rule_allows(string project)
    {
        var rule = DependencyRule.All.Single(r => r.Project == project);
        var violations = DependencyChecker.Violations(rule, Repository.SourceProjects()[project]);
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Project_reaches_only_what_its_rule_allows_through_any_chain_of_references(string project)
    {
        var rule = DependencyRule.All.Single(r => r.Project == project);
        var reach = Repository.ReachOf(Repository.SourceProjects()[project]);
        var violations = DependencyChecker.TransitiveViolations(rule, reach);
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void The_gateway_reaches_neither_SQLite_nor_the_client_library_and_the_protocol_reaches_only_crypto_and_unicode()
    {
        // What the transitive rules are for, read from the restore's resolved graph.
        var gateway = Repository.ReachOf(Repository.SourceProjects()["Gateway"]);
        Assert.DoesNotContain(gateway.Packages, p => p.StartsWith("Microsoft.Data.Sqlite", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("ClientLib", gateway.Projects);
        Assert.Contains("Protocol", gateway.Projects);
        Assert.Contains("Grpc.AspNetCore", gateway.Packages);

        var protocol = Repository.ReachOf(Repository.SourceProjects()["Protocol"]);
        Assert.Empty(protocol.Projects);
        Assert.Empty(protocol.Frameworks);
        Assert.Contains("BouncyCastle.Cryptography", protocol.Packages);
        Assert.Contains("ICU4N", protocol.Packages);
        Assert.All(protocol.Packages, p => Assert.True(
            p.StartsWith("BouncyCastle.", StringComparison.Ordinal) || p.StartsWith("ICU4N", StringComparison.Ordinal)
            || p.StartsWith("J2N", StringComparison.Ordinal) || p.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal),
            $"the protocol reaches {p}: only crypto and Unicode normalisation belong in it"));
    }

    [Fact]
    public void Transitive_checker_reports_what_is_reached_through_another_project_or_package()
    {
        // A gateway that took the client library back would reach SQLite through it, and a protocol library that took
        // the client library would reach projects of ours and their packages: refused on every count, from an assets
        // file of the shape NuGet writes.
        var file = Path.Combine(Path.GetTempPath(), $"arch-{Guid.NewGuid():N}.assets.json");
        File.WriteAllText(file, """
            {
              "version": 3,
              "targets": {
                "net10.0": {
                  "Microsoft.Data.Sqlite/10.0.0": { "type": "package", "dependencies": { "SQLitePCLRaw.core": "2.1.11" } },
                  "SQLitePCLRaw.core/2.1.11": { "type": "package" },
                  "Grpc.AspNetCore.Server/2.85.0": { "type": "package", "frameworkReferences": [ "Microsoft.AspNetCore.App" ] },
                  "Wickr.Cluster.ClientLib/1.0.0": { "type": "project", "dependencies": { "Microsoft.Data.Sqlite": "10.0.0" } },
                  "Wickr.Cluster.Protocol/1.0.0": { "type": "project" }
                }
              },
              "libraries": {
                "Microsoft.Data.Sqlite/10.0.0": { "type": "package", "path": "microsoft.data.sqlite/10.0.0" },
                "SQLitePCLRaw.core/2.1.11": { "type": "package", "path": "sqlitepclraw.core/2.1.11" },
                "Grpc.AspNetCore.Server/2.85.0": { "type": "package", "path": "grpc.aspnetcore.server/2.85.0" },
                "Wickr.Cluster.ClientLib/1.0.0": { "type": "project", "path": "../ClientLib/ClientLib.csproj", "msbuildProject": "../ClientLib/ClientLib.csproj" },
                "Wickr.Cluster.Protocol/1.0.0": { "type": "project", "path": "../Protocol/Protocol.csproj", "msbuildProject": "../Protocol/Protocol.csproj" }
              },
              "project": { "frameworks": { "net10.0": { "frameworkReferences": { "Microsoft.NETCore.App": {} } } } }
            }
            """);
        try
        {
            var reach = Repository.ReadAssets(file);
            Assert.Equal(["ClientLib", "Protocol"], reach.Projects.Order(StringComparer.Ordinal));
            Assert.Equal(["Microsoft.AspNetCore.App"], reach.Frameworks);

            var gateway = DependencyChecker.TransitiveViolations(DependencyRule.All.Single(r => r.Project == "Gateway"), reach);
            Assert.Equal(3, gateway.Count);
            Assert.Contains(gateway, v => v.Contains("reaches project ClientLib", StringComparison.Ordinal));
            Assert.Contains(gateway, v => v.Contains("reaches Microsoft.Data.Sqlite", StringComparison.Ordinal));
            Assert.Contains(gateway, v => v.Contains("reaches SQLitePCLRaw.core", StringComparison.Ordinal));

            var protocol = DependencyChecker.TransitiveViolations(DependencyRule.All.Single(r => r.Project == "Protocol"), reach);
            Assert.Contains(protocol, v => v.Contains("reaches project ClientLib", StringComparison.Ordinal));
            Assert.Contains(protocol, v => v.Contains("reaches project Protocol", StringComparison.Ordinal));
            Assert.Contains(protocol, v => v.Contains("reaches Grpc.AspNetCore.Server; it may reach only", StringComparison.Ordinal));
            Assert.Contains(protocol, v => v.Contains("reaches Microsoft.AspNetCore.App; it may reach only", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Protocol_assembly_references_nothing_of_ours_and_no_transport()
    {
        AssertReferencesNone(typeof(Wickr.Cluster.Protocol.WickrException).Assembly, "Wickr.Cluster.", "Orleans", "Grpc", "Google.Protobuf", "Microsoft.Data.Sqlite");
    }

    [Fact]
    public void ClientLib_assembly_loads_nothing_of_Orleans_or_the_cluster()
    {
        AssertReferencesNone(Assembly.Load("Wickr.Cluster.ClientLib"), "Orleans", "Wickr.Cluster.Grains", "Wickr.Cluster.Gateway");
    }

    [Fact]
    public void Grain_contracts_assembly_references_only_the_protocol_of_ours()
    {
        var contracts = typeof(Wickr.Cluster.Grains.Interfaces.ClusterException).Assembly;
        var ours = contracts.GetReferencedAssemblies().Where(name => name.Name!.StartsWith("Wickr.Cluster.", StringComparison.Ordinal));
        Assert.All(ours, name => Assert.Equal("Wickr.Cluster.Protocol", name.Name));
    }

    [Fact]
    public void Grains_assembly_references_neither_ClientLib_nor_Gateway()
    {
        AssertReferencesNone(typeof(Wickr.Cluster.Grains.WickrGrains).Assembly, "Wickr.Cluster.ClientLib", "Wickr.Cluster.Gateway", "Wickr.Cluster.Silo");
    }

    [Fact]
    public void Gateway_assembly_references_the_contracts_not_the_grains()
    {
        var gateway = Assembly.Load("Wickr.Cluster.Gateway");
        AssertReferencesNone(gateway, "Wickr.Cluster.Grains,", "Wickr.Cluster.Silo", "Wickr.Cluster.ClientLib", "Orleans.Server", "Orleans.Persistence");
        Assert.Contains(gateway.GetReferencedAssemblies(), name => name.Name == "Wickr.Cluster.Grains.Interfaces");
    }

    [Fact]
    public void Checker_reports_a_forbidden_project_and_package()
    {
        // The rules above can fail: a ClientLib that took Orleans and the grains is refused on both counts.
        var file = Path.Combine(Path.GetTempPath(), $"arch-{Guid.NewGuid():N}.csproj");
        File.WriteAllText(file, """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="Microsoft.Orleans.Sdk" />
                <ProjectReference Include="../src/Grains/Grains.csproj" />
              </ItemGroup>
            </Project>
            """);
        try
        {
            var violations = DependencyChecker.Violations(DependencyRule.All.Single(r => r.Project == "ClientLib"), file);
            Assert.Equal(2, violations.Count);
            Assert.Contains(violations, v => v.Contains("project Grains", StringComparison.Ordinal));
            Assert.Contains(violations, v => v.Contains("package Microsoft.Orleans.Sdk", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static void AssertReferencesNone(Assembly assembly, params string[] forbiddenPrefixes)
    {
        var offending = assembly.GetReferencedAssemblies()
            .Select(name => name.FullName)
            .Where(name => forbiddenPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal) || name.Contains("." + prefix, StringComparison.Ordinal)))
            .ToList();
        Assert.True(offending.Count == 0, $"{assembly.GetName().Name} references {string.Join(", ", offending)}");
    }
}
