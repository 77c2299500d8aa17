using k8s.Models;

namespace Wickr.Cluster.Deploy.Tests.Checks;

/// <summary>
/// The environment a container would start with: envFrom ConfigMaps and Secrets, then env entries (values, keys of
/// ConfigMaps and Secrets, downward-API fields with sample values). Every reference that does not resolve is a problem.
/// </summary>
internal sealed class ContainerEnvironment
{
    private static readonly Dictionary<string, string> FieldSamples = new(StringComparer.Ordinal)
    {
        ["status.podIP"] = "10.244.1.7",
        ["metadata.name"] = "wickr-pod-0",
        ["status.hostIP"] = "10.0.0.4",
    };

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public List<string> Problems { get; } = [];

    public static ContainerEnvironment Resolve(Manifests manifests, V1Deployment deployment, V1Container container)
    {
        var ns = deployment.Metadata.NamespaceProperty;
        var where = $"{Manifests.Describe(deployment)} container {container.Name}";
        var environment = new ContainerEnvironment();
        foreach (var source in container.EnvFrom ?? [])
        {
            if (source.ConfigMapRef is { } configMapRef)
            {
                var configMap = manifests.ConfigMap(ns, configMapRef.Name);
                if (configMap is null)
                {
                    environment.Problems.Add($"{where}: envFrom ConfigMap '{configMapRef.Name}' does not exist.");
                    continue;
                }

                foreach (var (key, value) in configMap.Data ?? new Dictionary<string, string>())
                {
                    environment.Variables[source.Prefix + key] = value;
                }
            }

            if (source.SecretRef is { } secretRef)
            {
                var secret = manifests.Secret(ns, secretRef.Name);
                if (secret is null)
                {
                    environment.Problems.Add($"{where}: envFrom Secret '{secretRef.Name}' does not exist.");
                    continue;
                }

                foreach (var (key, value) in Manifests.SecretValues(secret))
                {
                    environment.Variables[source.Prefix + key] = value;
                }
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            var value = environment.ValueOf(manifests, ns, where, variable);
            if (value is not null)
            {
                environment.Variables[variable.Name] = value;
            }
        }

        return environment;
    }

    private string? ValueOf(Manifests manifests, string? ns, string where, V1EnvVar variable)
    {
        if (variable.ValueFrom is null)
        {
            return variable.Value ?? string.Empty;
        }

        if (variable.ValueFrom.SecretKeyRef is { } secretKey)
        {
            var secret = manifests.Secret(ns, secretKey.Name);
            if (secret is null)
            {
                Problems.Add($"{where}: {variable.Name} names Secret '{secretKey.Name}', which does not exist.");
                return null;
            }

            if (!Manifests.SecretValues(secret).TryGetValue(secretKey.Key, out var value))
            {
                Problems.Add($"{where}: {variable.Name} names key '{secretKey.Key}' of Secret '{secretKey.Name}', which has no such key.");
                return null;
            }

            return value;
        }

        if (variable.ValueFrom.ConfigMapKeyRef is { } configMapKey)
        {
            var configMap = manifests.ConfigMap(ns, configMapKey.Name);
            if (configMap?.Data is null || !configMap.Data.TryGetValue(configMapKey.Key, out var value))
            {
                Problems.Add($"{where}: {variable.Name} names key '{configMapKey.Key}' of ConfigMap '{configMapKey.Name}', which does not exist.");
                return null;
            }

            return value;
        }

        if (variable.ValueFrom.FieldRef is { } field)
        {
            if (field.FieldPath == "metadata.namespace")
            {
                return ns ?? "default";
            }

            if (FieldSamples.TryGetValue(field.FieldPath, out var sample))
            {
                return sample;
            }

            Problems.Add($"{where}: {variable.Name} reads field '{field.FieldPath}', which these checks do not know.");
            return null;
        }

        Problems.Add($"{where}: {variable.Name} has a value source these checks do not know.");
        return null;
    }
}
