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
