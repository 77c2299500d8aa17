using k8s.Models;

namespace Wickr.Cluster.Deploy.Tests.Checks;

/// <summary>
/// Every cross-check of a rendered deployment, each problem naming the object and the field: what a cluster would
/// only reveal at apply time, at pod start, or never (a selector that picks nothing, a setting that is ignored).
/// </summary>
internal static class ManifestChecks
{
    public const string SiloContainer = "silo";
    public const string GatewayContainer = "gateway";

    public static List<string> Run(Manifests manifests)
    {
        var problems = new List<string>();
        problems.AddRange(SelectorChecks.Run(manifests));
        problems.AddRange(ReferenceChecks.Run(manifests));
        problems.AddRange(WorkloadChecks.Run(manifests));
        problems.AddRange(HostChecks.Run(manifests));
        return problems;
    }
}
