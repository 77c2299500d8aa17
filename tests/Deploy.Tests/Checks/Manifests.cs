using k8s;
using k8s.Models;

namespace Wickr.Cluster.Deploy.Tests.Checks;

/// <summary>The objects of one rendered kustomization, loaded strictly into the KubernetesClient models.</summary>
internal sealed class Manifests
{
    private Manifests(IReadOnlyList<object> objects) => Objects = objects;

    public IReadOnlyList<object> Objects { get; }

    public IEnumerable<V1Deployment> Deployments => Objects.OfType<V1Deployment>();

    public IEnumerable<V1Service> Services => Objects.OfType<V1Service>();

    public IEnumerable<V1Secret> Secrets => Objects.OfType<V1Secret>();

    public IEnumerable<V1ConfigMap> ConfigMaps => Objects.OfType<V1ConfigMap>();

    /// <summary>Loads every document; an unknown kind or an unknown field (a typo) throws.</summary>
    public static Manifests Load(string yaml) => new(KubernetesYaml.LoadAllFromString(yaml, strict: true));

    public V1Deployment Deployment(string name) => Deployments.Single(d => d.Metadata.Name == name);

    public V1Container Container(string deployment) => Deployment(deployment).Spec.Template.Spec.Containers.Single();

    public V1ConfigMap? ConfigMap(string? ns, string name) =>
        ConfigMaps.FirstOrDefault(c => c.Metadata.Name == name && c.Metadata.NamespaceProperty == ns);

    public V1Secret? Secret(string? ns, string name) =>
        Secrets.FirstOrDefault(s => s.Metadata.Name == name && s.Metadata.NamespaceProperty == ns);

    /// <summary>The keys a Secret holds, whether written as data or stringData.</summary>
    public static IReadOnlyDictionary<string, string> SecretValues(V1Secret secret)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in secret.Data ?? new Dictionary<string, byte[]>())
        {
            values[key] = System.Text.Encoding.UTF8.GetString(value);
        }

        foreach (var (key, value) in secret.StringData ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }

        return values;
    }

    /// <summary>Every object with its kind, namespace and name, for messages.</summary>
    public static string Describe(IKubernetesObject<V1ObjectMeta> item) =>
        $"{item.Kind} {item.Metadata.NamespaceProperty}/{item.Metadata.Name}";

    /// <summary>True when <paramref name="labels"/> carry every pair of <paramref name="selector"/> (and it has some).</summary>
    public static bool Selects(IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && labels is not null
        && selector.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);

    /// <summary>True when a label selector (match labels and expressions of kind In) matches <paramref name="labels"/>.</summary>
    public static bool Selects(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null || labels is null)
        {
            return false;
        }

        var byLabels = selector.MatchLabels is not { Count: > 0 } || Selects(selector.MatchLabels, labels);
        var byExpressions = (selector.MatchExpressions ?? []).All(e =>
            e.OperatorProperty == "In" && labels.TryGetValue(e.Key, out var value) && e.Values.Contains(value));
        return byLabels && byExpressions && (selector.MatchLabels is { Count: > 0 } || selector.MatchExpressions is { Count: > 0 });
    }

    /// <summary>The deployments in <paramref name="ns"/> whose pods <paramref name="selector"/> picks.</summary>
    public IEnumerable<V1Deployment> PodsSelectedBy(string? ns, IDictionary<string, string>? selector) =>
        Deployments.Where(d => d.Metadata.NamespaceProperty == ns && Selects(selector, d.Spec.Template.Metadata.Labels));

    /// <summary>The deployments in <paramref name="ns"/> whose pods <paramref name="selector"/> picks.</summary>
    public IEnumerable<V1Deployment> PodsSelectedBy(string? ns, V1LabelSelector? selector) =>
        Deployments.Where(d => d.Metadata.NamespaceProperty == ns && Selects(selector, d.Spec.Template.Metadata.Labels));

    /// <summary>The container port a Service or probe port (a name or a number) refers to, if any.</summary>
    public static V1ContainerPort? FindPort(V1PodSpec pod, IntOrString port) =>
        pod.Containers.SelectMany(c => c.Ports ?? []).FirstOrDefault(p =>
            int.TryParse(port.Value, out var number) ? p.ContainerPort == number : p.Name == port.Value);
}
