using k8s.Models;

namespace Wickr.Cluster.Deploy.Tests.Checks;

/// <summary>
/// What every silo and gateway Deployment must have to survive a real cluster: pinned images, requests and limits,
/// the three probes with startup gated on readiness, spread over nodes and zones, an autoscaler and a disruption budget;
/// a rolling update that waits for the new pod to serve (minReadySeconds), a stop that fits its grace period (preStop
/// pause plus the host's shutdown timeout), and silos that do not scale on memory the GC never gives back.
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

            if ((deployment.Spec.MinReadySeconds ?? 0) < MinReadySeconds)
            {
                yield return $"{where}: minReadySeconds must be at least {MinReadySeconds}: a rolling update would stop the next old pod before the new one is known to serve.";
            }

            var pause = container.Lifecycle?.PreStop?.Sleep?.Seconds;
            if (pause is null or < 1)
            {
                yield return $"{where}: container {container.Name} needs a preStop sleep, so that endpoints drop the pod before SIGTERM.";
            }
            else
            {
                var grace = pod.TerminationGracePeriodSeconds ?? 30;
                var shutdown = ShutdownTimeout(container.Name);
                if (pause.Value + shutdown.TotalSeconds >= grace)
                {
                    yield return $"{where}: terminationGracePeriodSeconds {grace} leaves no room for the preStop sleep ({pause} s) and the host's shutdown timeout ({shutdown.TotalSeconds} s); the pod would be killed mid-shutdown.";
                }
            }

            var ns = deployment.Metadata.NamespaceProperty;
            if (container.Name == ManifestChecks.SiloContainer)
            {
                foreach (var scaler in manifests.Objects.OfType<V2HorizontalPodAutoscaler>().Where(h =>
                             h.Metadata.NamespaceProperty == ns && h.Spec.ScaleTargetRef.Name == deployment.Metadata.Name
                             && (h.Spec.Metrics ?? []).Any(m => m.Resource?.Name == "memory")))
                {
                    yield return $"{Manifests.Describe(scaler)}: scales silos on memory, which the GC keeps after idle grains are collected: it would scale out and never in. Scale on cpu.";
                }
            }

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

    /// <summary>The least minReadySeconds of a silo or gateway Deployment.</summary>
    public const int MinReadySeconds = 5;

    /// <summary>The host's default shutdown timeout (Silo:ShutdownTimeout, Gateway:ShutdownTimeout).</summary>
    private static TimeSpan ShutdownTimeout(string container) => container == ManifestChecks.SiloContainer
        ? new Hosting.SiloOptions().ShutdownTimeout
        : new Gateway.GatewayOptions().ShutdownTimeout;

    /// <summary>The silo and gateway Deployments (not helpers such as a dev cluster's Azurite).</summary>
    public static bool IsOurs(V1Deployment deployment) =>
        deployment.Spec.Template.Spec.Containers.Any(c => c.Name is ManifestChecks.SiloContainer or ManifestChecks.GatewayContainer);
}
