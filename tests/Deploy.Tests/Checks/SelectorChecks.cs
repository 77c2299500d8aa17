using k8s.Models;

namespace Wickr.Cluster.Deploy.Tests.Checks;

/// <summary>Services, PDBs, NetworkPolicies and HPAs point at pods and ports that exist.</summary>
internal static class SelectorChecks
{
    public static IEnumerable<string> Run(Manifests manifests)
    {
        foreach (var service in manifests.Services)
        {
            var ns = service.Metadata.NamespaceProperty;
            var pods = manifests.PodsSelectedBy(ns, service.Spec.Selector).ToList();
            if (pods.Count == 0)
            {
                yield return $"{Manifests.Describe(service)}: selector {Format(service.Spec.Selector)} matches no pod template.";
                continue;
            }

            foreach (var port in service.Spec.Ports)
            {
                IntOrString target = port.TargetPort ?? port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                foreach (var pod in pods.Where(p => Manifests.FindPort(p.Spec.Template.Spec, target) is null))
                {
                    yield return $"{Manifests.Describe(service)}: port '{port.Name}' targets '{target.Value}', which {Manifests.Describe(pod)} does not expose.";
                }
            }
        }

        foreach (var budget in manifests.Objects.OfType<V1PodDisruptionBudget>())
        {
            if (!manifests.PodsSelectedBy(budget.Metadata.NamespaceProperty, budget.Spec.Selector).Any())
            {
                yield return $"{Manifests.Describe(budget)}: selector matches no pod template.";
            }
        }

        foreach (var policy in manifests.Objects.OfType<V1NetworkPolicy>())
        {
            var pods = manifests.PodsSelectedBy(policy.Metadata.NamespaceProperty, policy.Spec.PodSelector).ToList();
            if (pods.Count == 0)
            {
                yield return $"{Manifests.Describe(policy)}: podSelector matches no pod template.";
            }

            foreach (var rule in policy.Spec.Ingress ?? [])
            {
                foreach (var peer in rule.FromProperty ?? [])
                {
                    if (peer.PodSelector is { } selector && peer.NamespaceSelector is null
                        && !manifests.PodsSelectedBy(policy.Metadata.NamespaceProperty, selector).Any())
                    {
                        yield return $"{Manifests.Describe(policy)}: an ingress peer selector matches no pod template.";
                    }
                }

                foreach (var port in rule.Ports ?? [])
                {
                    foreach (var pod in pods.Where(p => Manifests.FindPort(p.Spec.Template.Spec, port.Port) is null))
                    {
                        yield return $"{Manifests.Describe(policy)}: port '{port.Port.Value}' is not a port of {Manifests.Describe(pod)}.";
                    }
                }
            }
        }

        foreach (var autoscaler in manifests.Objects.OfType<V2HorizontalPodAutoscaler>())
        {
            var target = autoscaler.Spec.ScaleTargetRef;
            if (target.Kind != "Deployment" || !manifests.Deployments.Any(d =>
                    d.Metadata.Name == target.Name && d.Metadata.NamespaceProperty == autoscaler.Metadata.NamespaceProperty))
            {
                yield return $"{Manifests.Describe(autoscaler)}: scales {target.Kind} '{target.Name}', which does not exist.";
            }
        }

        foreach (var deployment in manifests.Deployments)
        {
            if (!Manifests.Selects(deployment.Spec.Selector, deployment.Spec.Template.Metadata.Labels))
            {
                yield return $"{Manifests.Describe(deployment)}: its selector does not match its own pod template.";
            }
        }
    }

    private static string Format(IDictionary<string, string>? selector) =>
        selector is null ? "(none)" : string.Join(",", selector.Select(p => $"{p.Key}={p.Value}"));
}
