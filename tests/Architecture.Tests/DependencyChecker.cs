namespace Wickr.Cluster.Architecture.Tests;

/// <summary>Finds the references of one project that its rule does not allow: in its project file, and through any chain of references.</summary>
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

    /// <summary>
    /// What <paramref name="reach"/> (everything the project's restore resolved) breaks of <paramref name="rule"/>: a
    /// project of ours beyond what its allowed projects reach in turn, a package or shared framework it must not reach,
    /// a package outside its only allowed ones.
    /// </summary>
    public static IReadOnlyList<string> TransitiveViolations(DependencyRule rule, Reach reach)
    {
        var reachable = DependencyRule.ReachableProjects(rule.Project);
        var projects = reach.Projects
            .Where(project => !reachable.Contains(project))
            .Select(project => $"{rule.Project} reaches project {project}; reachable: [{string.Join(", ", reachable.Order(StringComparer.Ordinal))}]");
        var unreachable = reach.Packages.Concat(reach.Frameworks)
            .Where(package => rule.UnreachablePackagePrefixes.Any(prefix => package.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            .Select(package => $"{rule.Project} reaches {package}, which its rule says it must not reach");
        var outside = rule.OnlyPackagePrefixes is { } only
            ? reach.Packages.Concat(reach.Frameworks)
                .Where(package => !only.Any(prefix => package.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
                .Select(package => $"{rule.Project} reaches {package}; it may reach only [{string.Join(", ", only)}]")
            : [];
        return [.. projects, .. unreachable, .. outside];
    }
}
