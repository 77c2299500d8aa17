using Wickr.Cluster.Deploy.Tests.Checks;

namespace Wickr.Cluster.Deploy.Tests;

/// <summary>The checks fed a broken manifest: each mistake an operator could make is caught and named.</summary>
public sealed class BrokenManifestTests(RenderedOverlays overlays) : IClassFixture<RenderedOverlays>
{
    [Fact]
    public void A_service_selector_that_picks_no_pod_is_named()
    {
        var yaml = Replace(overlays.Dev, "  selector:\n    app.kubernetes.io/name: wickr-gateway", "  selector:\n    app.kubernetes.io/name: wickr-gatway");

        AssertProblem(yaml, "Service wickr-dev/wickr-gateway: selector app.kubernetes.io/name=wickr-gatway matches no pod template.");
    }

    [Fact]
    public void A_rolling_update_that_does_not_wait_for_the_new_pod_is_named()
    {
        var yaml = Replace(overlays.Production, "  minReadySeconds: 10\n", "");

        AssertProblem(yaml, "Deployment wickr/wickr-silo: minReadySeconds must be at least 5");
    }

    [Fact]
    public void A_grace_period_too_short_for_the_silo_to_leave_the_cluster_is_named()
    {
        var yaml = Replace(overlays.Production, "terminationGracePeriodSeconds: 60", "terminationGracePeriodSeconds: 30");

        AssertProblem(yaml, "Deployment wickr/wickr-silo: terminationGracePeriodSeconds 30 leaves no room for the preStop sleep (5 s) and the host's shutdown timeout (45 s)");
    }

    [Fact]
    public void A_silo_autoscaler_on_memory_is_named()
    {
        const string cpu = "  - resource:\n      name: cpu\n      target:\n        averageUtilization: 70\n        type: Utilization\n    type: Resource\n";
        var yaml = Replace(overlays.Production, cpu, cpu + cpu.Replace("cpu", "memory", StringComparison.Ordinal));

        AssertProblem(yaml, "HorizontalPodAutoscaler wickr/wickr-silo: scales silos on memory");
    }

    [Fact]
    public void A_target_port_no_container_exposes_is_named()
    {
        var yaml = Replace(overlays.Dev, "    targetPort: grpc", "    targetPort: grpcs");

        AssertProblem(yaml, "Service wickr-dev/wickr-gateway: port 'grpc' targets 'grpcs', which Deployment wickr-dev/wickr-gateway does not expose.");
    }

    [Fact]
    public void A_missing_secret_key_is_named()
    {
        var yaml = Replace(overlays.Dev, "key: token-secret", "key: tokensecret");

        AssertProblem(yaml, "Deployment wickr-dev/wickr-gateway container gateway: Gateway__TokenSecret names key 'tokensecret' of Secret 'wickr-gateway-token', which has no such key.");
    }

    [Fact]
    public void A_missing_secret_key_of_a_mounted_secret_is_named()
    {
        var yaml = Replace(overlays.Production, "- key: ca.crt\n            path: ca.crt", "- key: ca.pem\n            path: ca.crt");

        AssertProblem(yaml, "volume 'silo-tls' names key 'ca.pem' of Secret 'wickr-silo-tls', which has no such key.");
    }

    [Fact]
    public void An_unknown_setting_is_named()
    {
        var yaml = Replace(overlays.Dev, "  Silo__ServiceId: wickr\n", "  Silo__ServiceId: wickr\n  Silo__ClusterID2: wickr-dev\n");

        AssertProblem(yaml, "Deployment wickr-dev/wickr-silo container silo: Silo__ClusterID2 is not a setting of the silo.");
        AssertProblem(yaml, "Deployment wickr-dev/wickr-gateway container gateway: Silo__ClusterID2 is not a setting of the gateway.");
    }

    [Fact]
    public void A_silo_only_setting_on_the_gateway_is_named()
    {
        var yaml = Replace(overlays.Dev, "  Gateway__GenerateTokenSecretIfMissing: \"false\"\n", "  Gateway__GenerateTokenSecretIfMissing: \"false\"\n  Gateway__Enabled: \"true\"\n");

        AssertProblem(yaml, "container gateway: Gateway__Enabled is not a setting of the gateway.");
    }

    [Fact]
    public void A_key_left_in_the_retired_Wickr_Gateway_section_is_named_with_the_key_to_set_instead()
    {
        var yaml = Replace(overlays.Dev, "  Gateway__Urls: ", "  Wickr__Gateway__Urls: ");

        AssertProblem(yaml, "container gateway: Wickr__Gateway__Urls is not a setting of the gateway.");
        AssertProblem(yaml, "container gateway: Invalid configuration: Wickr:Gateway:Urls is no longer read: set Gateway:Urls (environment variable Gateway__Urls) instead.");

        yaml = Replace(overlays.Dev, "  Gateway__Enabled: ", "  Wickr__Gateway__Enabled: ");
        AssertProblem(yaml, "container silo: Invalid configuration: Wickr:Gateway:Enabled is no longer read: set Gateway:Enabled (environment variable Gateway__Enabled) instead.");
    }

    [Fact]
    public void A_setting_the_host_would_refuse_is_named_with_the_hosts_own_message()
    {
        var yaml = Replace(overlays.Dev, "Silo__GatewayPort: \"30000\"", "Silo__GatewayPort: \"11111\"");

        AssertProblem(yaml, "must be two different ports in 1-65535.");
    }

    [Fact]
    public void Azure_mode_without_the_silo_certificate_is_refused_by_the_settings_the_hosts_read()
    {
        var yaml = System.Text.RegularExpressions.Regex.Replace(overlays.Production, @"\n *Silo__Tls__CertificatePath: [^\n]*", "");
        Assert.NotEqual(overlays.Production, yaml);

        AssertProblem(yaml, "container silo: Invalid configuration: Silo:Tls:CertificatePath is required: in Azure mode");
        AssertProblem(yaml, "container gateway: Invalid configuration: Silo:Tls:CertificatePath is required: in Azure mode");
    }

    [Fact]
    public void A_token_secret_too_short_is_refused_by_the_gateways_validation()
    {
        // The Secret's data holds base64 of the (base64) token secret; put in one of 5 bytes.
        var tooShort = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String("short"u8)));
        var yaml = WithTokenSecret(tooShort);
        Assert.NotEqual(overlays.Dev, yaml);

        AssertProblem(yaml, "Gateway:TokenSecret must decode to at least 32 bytes, not 5.");
    }

    [Fact]
    public void A_token_secret_once_published_in_the_repository_is_refused_by_the_gateways_validation()
    {
        // The secret the dev overlay once carried as a literal.
        var published = Convert.ToBase64String("ZGV2LW9ubHktdG9rZW4tc2VjcmV0LWZvci13aWNrci1kZXYtY2x1c3Rlcg=="u8);
        var yaml = WithTokenSecret(published);
        Assert.NotEqual(overlays.Dev, yaml);

        AssertProblem(yaml, "Gateway:TokenSecret is a secret published in the Wickr.Cluster repository");
    }

    // The dev overlay with its Secret's token-secret data (base64 of the base64 secret) replaced.
    private string WithTokenSecret(string data) =>
        System.Text.RegularExpressions.Regex.Replace(overlays.Dev, @"token-secret: (\|\n(    \S+\n)+|\S+\n)", $"token-secret: {data}\n");

    [Fact]
    public void Silos_and_gateways_on_different_clusters_are_named()
    {
        // The gateway reads its own cluster id instead of the shared ConfigMap's.
        var yaml = Replace(overlays.Dev, "        - name: Gateway__TokenSecret", "        - name: Silo__ClusterId\n          value: wickr-other\n        - name: Gateway__TokenSecret");

        AssertProblem(yaml, "cluster id 'wickr-other' / service id 'wickr' differ from Deployment wickr-dev/wickr-silo's 'wickr-dev' / 'wickr'.");
    }

    [Fact]
    public void A_probe_on_a_path_the_host_does_not_serve_is_named()
    {
        var yaml = Replace(overlays.Dev, "path: /health/live", "path: /healthz");

        AssertProblem(yaml, "the liveness probe asks '/healthz'; the host answers liveness on '/health/live'.");
    }

    [Fact]
    public void An_unpinned_image_is_named()
    {
        var yaml = Replace(overlays.Dev, "image: ghcr.io/wickr-cluster/gateway:1.0.0", "image: ghcr.io/wickr-cluster/gateway:latest");

        AssertProblem(yaml, "image 'ghcr.io/wickr-cluster/gateway:latest' is not pinned to a tag.");
    }

    [Fact]
    public void A_field_the_api_does_not_have_fails_to_load()
    {
        var yaml = Replace(overlays.Dev, "    targetPort: grpc", "    targetPort: grpc\n    targetPorts: grpc");

        Assert.ThrowsAny<Exception>(() => Manifests.Load(yaml));
    }

    private static string Replace(string yaml, string from, string to)
    {
        Assert.Contains(from, yaml, StringComparison.Ordinal);
        return yaml.Replace(from, to, StringComparison.Ordinal);
    }

    private static void AssertProblem(string yaml, string expected)
    {
        var problems = ManifestChecks.Run(Manifests.Load(yaml));
        Assert.True(problems.Any(p => p.Contains(expected, StringComparison.Ordinal)),
            $"Expected a problem containing \"{expected}\"; got:\n{string.Join("\n", problems)}");
    }
}
