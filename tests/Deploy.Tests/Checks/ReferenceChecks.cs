using k8s.Models;

namespace Wickr.Cluster.Deploy.Tests.Checks;

/// <summary>Every Secret, ConfigMap, key and ServiceAccount a pod names exists in its namespace.</summary>
internal static class ReferenceChecks
{
    public static IEnumerable<string> Run(Manifests manifests)
    {
        foreach (var deployment in manifests.Deployments)
        {
            var ns = deployment.Metadata.NamespaceProperty;
            var pod = deployment.Spec.Template.Spec;
            foreach (var container in pod.Containers)
            {
                foreach (var problem in ContainerEnvironment.Resolve(manifests, deployment, container).Problems)
                {
                    yield return problem;
                }

                foreach (var mount in container.VolumeMounts ?? [])
                {
                    if (!(pod.Volumes ?? []).Any(v => v.Name == mount.Name))
                    {
                        yield return $"{Manifests.Describe(deployment)}: container {container.Name} mounts volume '{mount.Name}', which the pod does not have.";
                    }
                }
            }

            foreach (var volume in pod.Volumes ?? [])
            {
                if (volume.Secret is { } secretVolume)
                {
                    var secret = manifests.Secret(ns, secretVolume.SecretName);
                    if (secret is null)
                    {
                        yield return $"{Manifests.Describe(deployment)}: volume '{volume.Name}' names Secret '{secretVolume.SecretName}', which does not exist.";
                        continue;
                    }

                    var keys = Manifests.SecretValues(secret);
                    foreach (var item in (secretVolume.Items ?? []).Where(i => !keys.ContainsKey(i.Key)))
                    {
                        yield return $"{Manifests.Describe(deployment)}: volume '{volume.Name}' names key '{item.Key}' of Secret '{secretVolume.SecretName}', which has no such key.";
                    }
                }

                if (volume.ConfigMap is { } configMapVolume)
                {
                    var configMap = manifests.ConfigMap(ns, configMapVolume.Name);
                    if (configMap is null)
                    {
                        yield return $"{Manifests.Describe(deployment)}: volume '{volume.Name}' names ConfigMap '{configMapVolume.Name}', which does not exist.";
                        continue;
                    }

                    foreach (var item in (configMapVolume.Items ?? []).Where(i => configMap.Data?.ContainsKey(i.Key) != true))
                    {
                        yield return $"{Manifests.Describe(deployment)}: volume '{volume.Name}' names key '{item.Key}' of ConfigMap '{configMapVolume.Name}', which has no such key.";
                    }
                }
            }

            if (pod.ServiceAccountName is { } account
                && !manifests.Objects.OfType<V1ServiceAccount>().Any(a => a.Metadata.Name == account && a.Metadata.NamespaceProperty == ns))
            {
                yield return $"{Manifests.Describe(deployment)}: service account '{account}' does not exist.";
            }
        }

        foreach (var binding in manifests.Objects.OfType<V1RoleBinding>())
        {
            if (!manifests.Objects.OfType<V1Role>().Any(r => r.Metadata.Name == binding.RoleRef.Name && r.Metadata.NamespaceProperty == binding.Metadata.NamespaceProperty))
            {
                yield return $"{Manifests.Describe(binding)}: Role '{binding.RoleRef.Name}' does not exist.";
            }

            foreach (var subject in binding.Subjects.Where(s => s.Kind == "ServiceAccount"
                && !manifests.Objects.OfType<V1ServiceAccount>().Any(a => a.Metadata.Name == s.Name && a.Metadata.NamespaceProperty == binding.Metadata.NamespaceProperty)))
            {
                yield return $"{Manifests.Describe(binding)}: ServiceAccount '{subject.Name}' does not exist.";
            }
        }
    }
}
