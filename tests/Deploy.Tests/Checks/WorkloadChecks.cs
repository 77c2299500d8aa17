using k8s.Models;

namespace Wickr.Cluster.Deploy.Tests.Checks;

/// <summary>
/// What every silo and gateway Deployment must have to survive a real cluster: pinned images, requests and limits,
/// the three probes with startup gated on readiness, spread over nodes and zones, an autoscaler and a disruption budget.
/// </summary>
internal static class WorkloadChecks
{
    public static IEnumerable<string> Run(Manifests manifests)
    {
        foreach (var deployment in manifests.Deployments)
        {
            foreach (var container in deployment.Spec.Template.Spec.Containers)
            {
                var image = container.Image ?? string.Empty;
                var tag = image.Contains('@', StringComparison.Ordinal) ? "digest" : image[(image.LastIndexOf('/') + 1)..].Split(':').ElementAtOrDefault(1);
                if (tag is null or "latest")
                {
                    yield return $"{Manifests.Describe(deployment)}: image '{image}' is not pinned to a tag.";
                }
            }
        }

        foreach (var deployment in manifests.Deployments.Where(IsOurs))
        {
            var where = Manifests.Describe(deployment);
            var pod = deployment.Spec.Template.Spec;
            var container = pod.Containers.Single();
            var resources = container.Resources;
            if (resources?.Requests is null || !resources.Requests.ContainsKey("cpu") || !resources.Requests.ContainsKey("memory"))
            {
                yield return $"{where}: container {container.Name} requests no cpu or no memory.";
            }

            if (resources?.Limits is null || !resources.Limits.ContainsKey("memory"))
            {
                yield return $"{where}: container {container.Name} has no memory limit.";
            }

            if (container.StartupProbe is null || container.ReadinessProbe is null || container.LivenessProbe is null)
            {
                yield return $"{where}: container {container.Name} needs startup, readiness and liveness probes.";
            }
            else if (container.StartupProbe.HttpGet?.Path != container.ReadinessProbe.HttpGet?.Path)
            {
                yield return $"{where}: the startup probe must ask what the readiness probe asks (started = ready once).";
            }

            var keys = (pod.TopologySpreadConstraints ?? []).Select(t => t.TopologyKey).ToHashSet();
            if (!keys.Contains("kubernetes.io/hostname") || !keys.Contains("topology.kubernetes.io/zone"))
            {
                yield return $"{where}: pods are not spread over both nodes (kubernetes.io/hostname) and zones (topology.kubernetes.io/zone).";
            }

            foreach (var spread in (pod.TopologySpreadConstraints ?? []).Where(t => !Manifests.Selects(t.LabelSelector, deployment.Spec.Template.Metadata.Labels)))
            {
                yield return $"{where}: the spread over '{spread.TopologyKey}' does not select the deployment's own pods.";
            }

            var ns = deployment.Metadata.NamespaceProperty;
            if (!manifests.Objects.OfType<V2HorizontalPodAutoscaler>().Any(h =>
                    h.Metadata.NamespaceProperty == ns && h.Spec.ScaleTargetRef.Name == deployment.Metadata.Name))
            {
                yield return $"{where}: no HorizontalPodAutoscaler scales it.";
            }

            if (!manifests.Objects.OfType<V1PodDisruptionBudget>().Any(b =>
                    b.Metadata.NamespaceProperty == ns && Manifests.Selects(b.Spec.Selector, deployment.Spec.Template.Metadata.Labels)))
            {
                yield return $"{where}: no PodDisruptionBudget covers its pods.";
            }
        }
    }

    /// <summary>The silo and gateway Deployments (not helpers such as a dev cluster's Azurite).</summary>
    public static bool IsOurs(V1Deployment deployment) =>
        deployment.Spec.Template.Spec.Containers.Any(c => c.Name is ManifestChecks.SiloContainer or ManifestChecks.GatewayContainer);
}
