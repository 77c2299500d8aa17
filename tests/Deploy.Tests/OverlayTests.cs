using k8s.Models;
using Wickr.Cluster.Deploy.Tests.Checks;

namespace Wickr.Cluster.Deploy.Tests;

/// <summary>The overlays an operator applies: every object valid for the API, every cross-check passing.</summary>
public sealed class OverlayTests(RenderedOverlays overlays) : IClassFixture<RenderedOverlays>
{
    [Theory]
    [InlineData("dev")]
    [InlineData("production")]
    [InlineData("onprem")]
    public void Every_object_loads_strictly_and_every_cross_check_passes(string overlay)
    {
        var manifests = Manifests.Load(overlays.Yaml(overlay));

        var problems = ManifestChecks.Run(manifests);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(2, manifests.Deployments.Count(WorkloadChecks.IsOurs));
        Assert.Equal(2, manifests.Objects.OfType<V2HorizontalPodAutoscaler>().Count());
        Assert.Single(manifests.Objects.OfType<V1NetworkPolicy>());
        Assert.Single(manifests.Objects.OfType<V1Role>());
    }

    [Theory]
    [InlineData("dev", "kubernetes.io/h2c", 80)]
    [InlineData("production", "https", 443)]
    [InlineData("onprem", "https", 443)]
    public void The_gateway_service_serves_grpc(string overlay, string appProtocol, int port)
    {
        var manifests = Manifests.Load(overlays.Yaml(overlay));

        var grpc = manifests.Services.Single(s => s.Metadata.Name == "wickr-gateway").Spec.Ports.Single(p => p.Name == "grpc");
        Assert.Equal(appProtocol, grpc.AppProtocol);
        Assert.Equal(port, grpc.Port);
    }

    [Fact]
    public void Production_is_invite_only_with_mutual_tls_between_silos_and_gateways()
    {
        var manifests = Manifests.Load(overlays.Production);

        var gateway = Environment(manifests, "wickr-gateway");
        var silo = Environment(manifests, "wickr-silo");
        Assert.Equal("Invite", gateway["Gateway__Registration__Policy"]);
        Assert.False(string.IsNullOrWhiteSpace(gateway["Gateway__Registration__OperatorPublicKey"]));
        Assert.StartsWith("https://", gateway["Gateway__Urls"], StringComparison.Ordinal);
        foreach (var key in new[] { "Silo__Tls__CertificatePath", "Silo__Tls__KeyPath", "Silo__Tls__CaCertificatePath" })
        {
            Assert.Equal(silo[key], gateway[key]);
        }

        var secret = manifests.Secret("wickr", "wickr-silo-tls")!;
        Assert.Equal(["ca.crt", "tls.crt", "tls.key"], Manifests.SecretValues(secret).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void OnPrem_points_silos_and_gateways_at_the_postgres_secret_with_production_security()
    {
        var manifests = Manifests.Load(overlays.OnPrem);

        var gateway = Environment(manifests, "wickr-gateway");
        var silo = Environment(manifests, "wickr-silo");
        foreach (var environment in new[] { silo, gateway })
        {
            Assert.Equal("Postgres", environment["Silo__Mode"]);
            Assert.StartsWith("Host=db.wickr.example;", environment["Silo__Postgres__ConnectionString"], StringComparison.Ordinal);
            Assert.DoesNotContain(environment.Keys, k => k.StartsWith("Silo__AzureStorage__", StringComparison.Ordinal));
        }

        Assert.Equal("Invite", gateway["Gateway__Registration__Policy"]);
        Assert.StartsWith("https://", gateway["Gateway__Urls"], StringComparison.Ordinal);
        Assert.Equal(silo["Silo__Tls__CertificatePath"], gateway["Silo__Tls__CertificatePath"]);
        Assert.Equal("true", silo["Silo__KubernetesHosting"]);
        Assert.NotNull(manifests.Secret("wickr", "wickr-postgres"));
        Assert.Null(manifests.Secret("wickr", "wickr-storage"));
    }

    [Fact]
    public void Dev_registers_openly_over_plaintext_h2c()
    {
        var manifests = Manifests.Load(overlays.Dev);

        var gateway = Environment(manifests, "wickr-gateway");
        Assert.False(gateway.ContainsKey("Gateway__Registration__Policy"));
        Assert.StartsWith("http://", gateway["Gateway__Urls"], StringComparison.Ordinal);
        Assert.Equal("false", gateway["Silo__Tls__Enabled"]);
        Assert.DoesNotContain(gateway.Keys, k => k.StartsWith("Silo__Tls__", StringComparison.Ordinal) && k != "Silo__Tls__Enabled");
    }

    [Fact]
    public void Dev_makes_its_token_secret_from_the_operators_file_and_will_not_render_without_it()
    {
        // The Secret holds what the operator's file holds (DeployTree wrote a fresh random one)...
        using var tree = Rendering.DeployTree.Create();
        var file = Path.Combine(tree.Root, "overlays", "dev", "secrets", "token-secret");
        var secret = Manifests.SecretValues(Manifests.Load(tree.Render("dev")).Secret("wickr-dev", "wickr-gateway-token")!);
        Assert.Equal(File.ReadAllText(file), secret["token-secret"]);

        // ...and the committed overlay carries none: without the file, nothing renders.
        File.Delete(file);
        var refused = Assert.Throws<InvalidOperationException>(() => tree.Render("dev"));
        Assert.Contains("token-secret", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("production")]
    [InlineData("onprem")]
    public void Only_silos_and_gateways_reach_the_orleans_ports(string overlay)
    {
        var manifests = Manifests.Load(overlays.Yaml(overlay));

        var policy = manifests.Objects.OfType<V1NetworkPolicy>().Single();
        var silo = manifests.Deployment("wickr-silo").Spec.Template.Spec;
        var orleansPorts = new[] { 11111, 30000 };
        foreach (var rule in policy.Spec.Ingress)
        {
            var ports = rule.Ports.Select(p => Manifests.FindPort(silo, p.Port)!.ContainerPort).ToList();
            if (ports.Intersect(orleansPorts).Any())
            {
                var peers = rule.FromProperty.Select(p => p.PodSelector.MatchLabels["app.kubernetes.io/name"]).Order(StringComparer.Ordinal);
                Assert.Equal(["wickr-gateway", "wickr-silo"], peers);
                Assert.All(rule.FromProperty, p => Assert.Null(p.NamespaceSelector));
            }
        }

        Assert.Contains(policy.Spec.Ingress, r => r.Ports.Select(p => Manifests.FindPort(silo, p.Port)!.ContainerPort).Order().SequenceEqual(orleansPorts));
    }

    private static Dictionary<string, string> Environment(Manifests manifests, string deployment)
    {
        var environment = ContainerEnvironment.Resolve(manifests, manifests.Deployment(deployment), manifests.Container(deployment));
        Assert.Empty(environment.Problems);
        return environment.Variables;
    }
}
