using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Hosting.Kubernetes;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Gateway;
using Wickr.Cluster.Gateway.Hosting;
using Wickr.Cluster.Hosting;
using Wickr.Cluster.Hosting.Health;
using Wickr.Cluster.Hosting.Telemetry;

namespace Wickr.Cluster.Deploy.Tests.Checks;

/// <summary>
/// The silo and gateway containers as their hosts would see them: every variable a real setting, the settings
/// valid (bound to the hosts' own classes and validated by them), probes and scrape annotations on the port and
/// paths the hosts serve, file settings inside mounted volumes, and silos and gateways agreeing on their cluster.
/// </summary>
internal static class HostChecks
{
    public static IEnumerable<string> Run(Manifests manifests)
    {
        var problems = new List<string>();
        var hosts = new List<(V1Deployment Deployment, bool IsSilo, SiloOptions? Settings, IReadOnlyDictionary<string, string> Variables)>();
        foreach (var deployment in manifests.Deployments.Where(WorkloadChecks.IsOurs))
        {
            var container = deployment.Spec.Template.Spec.Containers.Single();
            var isSilo = container.Name == ManifestChecks.SiloContainer;
            var where = $"{Manifests.Describe(deployment)} container {container.Name}";
            var environment = ContainerEnvironment.Resolve(manifests, deployment, container);
            var known = isSilo ? KnownSettings.Silo : KnownSettings.Gateway;
            foreach (var variable in environment.Variables.Keys.Where(v => !known.Knows(KnownSettings.KeyOf(v))))
            {
                problems.Add($"{where}: {variable} is not a setting of the {(isSilo ? "silo" : "gateway")}.");
            }

            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(environment.Variables.Select(v => KeyValuePair.Create(KnownSettings.KeyOf(v.Key), (string?)v.Value)))
                .Build();
            var settings = Bind(where, configuration, isSilo, problems);
            hosts.Add((deployment, isSilo, settings, environment.Variables));
            CheckPorts(where, deployment, container, configuration, isSilo, settings, problems);
            CheckFiles(where, container, configuration, problems);
            if (isSilo && settings is not null)
            {
                CheckKubernetesHosting(manifests, where, deployment, environment.Variables, settings, problems);
            }
        }

        foreach (var group in hosts.GroupBy(h => h.Deployment.Metadata.NamespaceProperty))
        {
            CheckAgreement(group.ToList(), problems);
        }

        return problems;
    }

    private static SiloOptions? Bind(string where, IConfiguration configuration, bool isSilo, List<string> problems)
    {
        SiloOptions? settings = null;
        try
        {
            settings = SiloOptions.Read(configuration);
        }
        catch (InvalidConfigurationException e)
        {
            problems.Add($"{where}: {e.Message}");
        }

        // Silo:Tls (cluster mode needs its certificate files or an explicit opt-out) is part of SiloOptions' checks.
        var telemetry = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        problems.AddRange(ValidatedOptions.Problems(telemetry, TelemetryOptions.SectionName).Select(p => $"{where}: {p}"));

        // The gateway's options through the gateway's own registration, so its validator runs as at start.
        bool gateway;
        try
        {
            // The standalone gateway refuses the retired Wickr:Gateway keys as the silo does.
            configuration.RefuseRetiredGatewayKeys();
            gateway = !isSilo || configuration.IsWickrGatewayEnabled();
        }
        catch (InvalidConfigurationException e)
        {
            problems.Add($"{where}: {e.Message}");
            return settings;
        }

        if (gateway)
        {
            using var services = new ServiceCollection().AddWickrGateway(configuration).BuildServiceProvider();
            try
            {
                _ = services.GetRequiredService<IOptions<GatewayOptions>>().Value;
            }
            catch (OptionsValidationException e)
            {
                problems.Add($"{where}: {string.Join(" ", e.Failures)}");
            }
        }

        return settings;
    }

    private static void CheckPorts(
        string where, V1Deployment deployment, V1Container container, IConfiguration configuration, bool isSilo, SiloOptions? settings, List<string> problems)
    {
        var pod = deployment.Spec.Template.Spec;
        var exposed = (container.Ports ?? []).Select(p => p.ContainerPort).ToHashSet();
        var healthUrl = configuration["Kestrel:Endpoints:Http:Url"];
        int? healthPort = Uri.TryCreate(healthUrl?.Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri.Port : null;
        if (healthPort is null)
        {
            problems.Add($"{where}: Kestrel__Endpoints__Http__Url (the health port) is not set to a URL.");
        }
        else if (!exposed.Contains(healthPort.Value))
        {
            problems.Add($"{where}: the health port {healthPort} is not a container port.");
        }

        foreach (var (kind, probe, path) in new[]
                 {
                     ("startup", container.StartupProbe, HealthPaths.Ready),
                     ("readiness", container.ReadinessProbe, HealthPaths.Ready),
                     ("liveness", container.LivenessProbe, HealthPaths.Live),
                 })
        {
            if (probe?.HttpGet is not { } get)
            {
                continue;
            }

            if (get.Path != path)
            {
                problems.Add($"{where}: the {kind} probe asks '{get.Path}'; the host answers {kind} on '{path}'.");
            }

            if (Manifests.FindPort(pod, get.Port)?.ContainerPort is not { } port || port != healthPort)
            {
                problems.Add($"{where}: the {kind} probe's port '{get.Port.Value}' is not the health port {healthPort}.");
            }
        }

        var annotations = deployment.Spec.Template.Metadata.Annotations ?? new Dictionary<string, string>();
        if (annotations.TryGetValue("prometheus.io/scrape", out var scrape) && scrape == "true")
        {
            var telemetry = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
            if (!telemetry.Prometheus)
            {
                problems.Add($"{where}: pods are annotated for scraping but Telemetry__Prometheus is not on.");
            }

            if (!annotations.TryGetValue("prometheus.io/port", out var scrapePort) || scrapePort != healthPort?.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                problems.Add($"{where}: prometheus.io/port is not the health port {healthPort}.");
            }

            if (!annotations.TryGetValue("prometheus.io/path", out var scrapePath) || scrapePath != telemetry.PrometheusPath)
            {
                problems.Add($"{where}: prometheus.io/path is not '{telemetry.PrometheusPath}'.");
            }
        }

        if (isSilo)
        {
            if (settings is not null && (!exposed.Contains(settings.SiloPort) || !exposed.Contains(settings.GatewayPort)))
            {
                problems.Add($"{where}: Silo__SiloPort {settings.SiloPort} and Silo__GatewayPort {settings.GatewayPort} must both be container ports.");
            }

            return;
        }

        var urls = configuration.GetSection(GatewayOptions.SectionName)[nameof(GatewayOptions.Urls)];
        if (string.IsNullOrWhiteSpace(urls))
        {
            problems.Add($"{where}: Gateway__Urls is not set; the default listens on loopback only.");
            return;
        }

        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var grpc) || !exposed.Contains(grpc.Port))
            {
                problems.Add($"{where}: the gRPC URL '{url}' is not on a container port.");
            }
            else if (grpc.Host is "127.0.0.1" or "localhost")
            {
                problems.Add($"{where}: the gRPC URL '{url}' listens on loopback only.");
            }
        }
    }

    // A setting naming a file (…Path) must point into a mounted volume, or the host fails at start.
    private static void CheckFiles(string where, V1Container container, IConfiguration configuration, List<string> problems)
    {
        var mounts = (container.VolumeMounts ?? []).Select(m => m.MountPath.TrimEnd('/') + "/").ToList();
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (key.EndsWith("Path", StringComparison.OrdinalIgnoreCase) && value is ['/', ..] && !mounts.Any(m => value.StartsWith(m, StringComparison.Ordinal)))
            {
                problems.Add($"{where}: {key} is '{value}', which is in no mounted volume.");
            }
        }
    }

    private static void CheckKubernetesHosting(
        Manifests manifests, string where, V1Deployment deployment, IReadOnlyDictionary<string, string> variables, SiloOptions settings, List<string> problems)
    {
        if (!settings.KubernetesHosting)
        {
            return;
        }

        foreach (var variable in new[] { KubernetesHostingOptions.PodNameEnvironmentVariable, KubernetesHostingOptions.PodNamespaceEnvironmentVariable })
        {
            if (!variables.ContainsKey(variable))
            {
                problems.Add($"{where}: Kubernetes hosting needs {variable} from the downward API.");
            }
        }

        var labels = deployment.Spec.Template.Metadata.Labels ?? new Dictionary<string, string>();
        if (!labels.TryGetValue(KubernetesHostingOptions.ClusterIdLabel, out var clusterId) || clusterId != settings.ClusterId
            || !labels.TryGetValue(KubernetesHostingOptions.ServiceIdLabel, out var serviceId) || serviceId != settings.ServiceId)
        {
            problems.Add($"{where}: pod labels {KubernetesHostingOptions.ClusterIdLabel}/{KubernetesHostingOptions.ServiceIdLabel} must be the silo's cluster id '{settings.ClusterId}' and service id '{settings.ServiceId}'.");
        }

        var ns = deployment.Metadata.NamespaceProperty;
        var account = deployment.Spec.Template.Spec.ServiceAccountName;
        var roles = manifests.Objects.OfType<V1RoleBinding>()
            .Where(b => b.Metadata.NamespaceProperty == ns && b.Subjects.Any(s => s.Kind == "ServiceAccount" && s.Name == account))
            .Select(b => manifests.Objects.OfType<V1Role>().FirstOrDefault(r => r.Metadata.NamespaceProperty == ns && r.Metadata.Name == b.RoleRef.Name))
            .OfType<V1Role>();
        var verbs = roles.SelectMany(r => r.Rules).Where(r => r.Resources?.Contains("pods") == true).SelectMany(r => r.Verbs).ToHashSet();
        var missing = new[] { "get", "list", "watch", "patch" }.Where(v => !verbs.Contains(v)).ToList();
        if (account is null || missing.Count > 0)
        {
            problems.Add($"{where}: Kubernetes hosting needs a service account allowed to {string.Join(", ", missing)} pods.");
        }
    }

    private static void CheckAgreement(
        List<(V1Deployment Deployment, bool IsSilo, SiloOptions? Settings, IReadOnlyDictionary<string, string> Variables)> hosts, List<string> problems)
    {
        var silos = hosts.Where(h => h.IsSilo && h.Settings is not null).ToList();
        if (silos.Count == 0)
        {
            return;
        }

        var reference = silos[0];
        foreach (var host in hosts.Where(h => h.Settings is not null && h.Deployment != reference.Deployment))
        {
            var where = Manifests.Describe(host.Deployment);
            var (a, b) = (reference.Settings!, host.Settings!);
            if (a.ClusterId != b.ClusterId || a.ServiceId != b.ServiceId)
            {
                problems.Add($"{where}: cluster id '{b.ClusterId}' / service id '{b.ServiceId}' differ from {Manifests.Describe(reference.Deployment)}'s '{a.ClusterId}' / '{a.ServiceId}'.");
            }

            if (a.Mode != b.Mode || a.AzureStorage.ConnectionString != b.AzureStorage.ConnectionString || a.Postgres.ConnectionString != b.Postgres.ConnectionString)
            {
                problems.Add($"{where}: Silo__Mode or the storage account or database differ from {Manifests.Describe(reference.Deployment)}'s; the gateway would not find the silos.");
            }

            if (a.GatewayPort != b.GatewayPort)
            {
                problems.Add($"{where}: Silo__GatewayPort {b.GatewayPort} differs from the silos' {a.GatewayPort}.");
            }

            // Orleans connections with TLS on one side only fail: silos and gateways carry the same Silo__Tls__* settings.
            var tls = (IReadOnlyDictionary<string, string> v) => string.Join(";", v.Where(p => p.Key.StartsWith("Silo__Tls__", StringComparison.Ordinal)).OrderBy(p => p.Key, StringComparer.Ordinal));
            if (tls(reference.Variables) != tls(host.Variables))
            {
                problems.Add($"{where}: Silo__Tls__* differ from {Manifests.Describe(reference.Deployment)}'s; Orleans connections between them would fail.");
            }
        }
    }
}
