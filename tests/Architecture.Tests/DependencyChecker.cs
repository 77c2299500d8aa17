namespace Wickr.Cluster.Architecture.Tests;

/// <summary>Finds the references of one project file that its rule does not allow.</summary>
internal static class DependencyChecker
{
    public static IReadOnlyList<string> Violations(DependencyRule rule, string projectFile)
    {
        var ours = Repository.SourceProjects().Keys.ToHashSet(StringComparer.Ordinal);
        var projects = Repository.ProjectReferences(projectFile)
            .Where(ours.Contains)
            .Where(name => !rule.AllowedProjects.Contains(name))
            .Select(name => $"{rule.Project} references project {name}; allowed: [{string.Join(", ", rule.AllowedProjects)}]");
        var packages = Repository.PackageReferences(projectFile)
            .Where(package => rule.ForbiddenPackagePrefixes.Any(prefix => package.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            .Select(package => $"{rule.Project} references package {package}, forbidden by its rule");
        return [.. projects, .. packages];
    }
}
