namespace Wickr.Cluster.Architecture.Tests;

/// <summary>
/// Everything a project reaches through any chain of references, as its restore resolved it: the projects of ours (by
/// folder name), the packages (by id) and the shared frameworks (<c>Microsoft.AspNetCore.App</c>).
/// </summary>
/// <param name="Projects">Projects of ours.</param>
/// <param name="Packages">Package ids.</param>
/// <param name="Frameworks">Shared frameworks besides the base one every project has.</param>
public sealed record Reach(IReadOnlySet<string> Projects, IReadOnlySet<string> Packages, IReadOnlySet<string> Frameworks);
