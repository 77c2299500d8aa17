extern alias gateway;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Tests.Fixtures;

namespace Wickr.Cluster.Gateway.Tests.Hosting;

[Collection(GatewayCollection.Name)]
public sealed class TokenSecretTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Without_a_secret_the_embedded_gateway_makes_one_per_process()
    {
        var settings = GatewayHost.Settings(string.Empty);
        await using var gateway = await GatewayHost.StartAsync(fixture.Client, fixture.Time, settings);
        var clients = new TestClients(gateway.Channel, fixture.Time);
        var device = await clients.NewDeviceAsync();
        await clients.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), device.Headers);

        // Its tokens mean nothing to a gateway with the configured secret.
        await RpcAssert.FailsAsync(Grpc.Core.StatusCode.Unauthenticated, "not issued by this cluster",
            () => fixture.Clients.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), device.Headers));
    }

    [Fact]
    public async Task Without_a_secret_and_without_generation_the_gateway_does_not_start()
    {
        var settings = GatewayHost.Settings(string.Empty);
        settings["Gateway:GenerateTokenSecretIfMissing"] = "false";
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayHost.StartAsync(fixture.Client, fixture.Time, settings));
        Assert.Contains("Gateway:TokenSecret is required", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64!", "must be base64")]
    [InlineData("c2hvcnQ=", "at least 32 bytes, not 5")]
    public async Task A_bad_secret_stops_the_gateway_at_start(string secret, string message)
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(
            () => GatewayHost.StartAsync(fixture.Client, fixture.Time, GatewayHost.Settings(secret)));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_previous_secret_still_verifies_its_tokens_after_a_rotation()
    {
        var old = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var before = await GatewayHost.StartAsync(fixture.Client, fixture.Time, GatewayHost.Settings(old));
        var device = await new TestClients(before.Channel, fixture.Time).NewDeviceAsync();

        var rotated = GatewayHost.Settings(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        rotated["Gateway:PreviousTokenSecrets:0"] = old;
        await using var after = await GatewayHost.StartAsync(fixture.Client, fixture.Time, rotated);
        await new TestClients(after.Channel, fixture.Time).Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), device.Headers);
    }

    [Fact]
    public async Task Settings_that_cannot_work_stop_the_gateway_at_start()
    {
        var settings = GatewayHost.Settings(fixture.TokenSecret);
        settings["Gateway:TokenLifetime"] = "00:00:00";
        settings["Gateway:MaxRecipients"] = "0";
        settings["Gateway:MaxClaimNodes"] = "501";
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayHost.StartAsync(fixture.Client, fixture.Time, settings));
        Assert.Contains("TokenLifetime must be positive", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MaxRecipients must be 1 to 500", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MaxClaimNodes must be 1 to 500 (the protocol's limit)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_published_in_the_repository_stops_the_gateway_at_start()
    {
        var settings = GatewayHost.Settings(" " + gateway::Wickr.Cluster.Gateway.GatewayOptions.PublishedTokenSecrets[0] + " ");
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayHost.StartAsync(fixture.Client, fixture.Time, settings));
        Assert.Contains("Gateway:TokenSecret is a secret published in the Wickr.Cluster repository", ex.Message, StringComparison.Ordinal);

        var previous = GatewayHost.Settings(fixture.TokenSecret);
        previous["Gateway:PreviousTokenSecrets:0"] = gateway::Wickr.Cluster.Gateway.GatewayOptions.PublishedTokenSecrets[0];
        ex = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayHost.StartAsync(fixture.Client, fixture.Time, previous));
        Assert.Contains("PreviousTokenSecrets:0 is a secret published", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_token_secret_written_anywhere_in_the_repository_is_refused()
    {
        // The scan finds a secret as the dev overlay once carried it (and a fresh one is not refused).
        var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Assert.Equal([fresh], SecretsOn("      - token-secret=" + fresh));
        Assert.DoesNotContain(new gateway::Wickr.Cluster.Gateway.GatewayOptions { TokenSecret = fresh }.Validate(), p => p.Contains("published", StringComparison.Ordinal));

        var found = RepositoryFiles(Testing.TestRepository.Root)
            .SelectMany(path => File.ReadLines(path).SelectMany(SecretsOn).Select(secret => (File: Path.GetRelativePath(Testing.TestRepository.Root, path), Secret: secret)))
            .ToList();
        foreach (var (file, secret) in found)
        {
            var options = new gateway::Wickr.Cluster.Gateway.GatewayOptions { TokenSecret = secret };
            Assert.True(options.Validate().Any(p => p.Contains("published", StringComparison.Ordinal)), $"{file}: a usable token secret {secret[..8]}…");
        }
    }

    // Any base64 of 32 bytes or more on a line that speaks of a token secret.
    private static IEnumerable<string> SecretsOn(string line)
    {
        if (!Regex.IsMatch(line, "token.?secret", RegexOptions.IgnoreCase))
        {
            yield break;
        }

        foreach (Match m in Regex.Matches(line, "[A-Za-z0-9+/]{40,}={0,2}"))
        {
            // Random base64 mixes cases and digits; paths (deploy/k8s/overlays/…) do not.
            var mixed = m.Value.Any(char.IsUpper) && m.Value.Any(char.IsLower) && m.Value.Any(char.IsDigit);
            if (mixed && gateway::Wickr.Cluster.Gateway.GatewayOptions.DecodeSecret(m.Value) is not null)
            {
                yield return m.Value;
            }
        }
    }

    private static IEnumerable<string> RepositoryFiles(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            var extension = Path.GetExtension(file);
            if (extension is ".cs" or ".md" or ".json" or ".yaml" or ".yml" or ".sh" or ".props" or ".txt" or "")
            {
                yield return file;
            }
        }

        foreach (var sub in Directory.EnumerateDirectories(folder))
        {
            var name = Path.GetFileName(sub);
            if (name is "bin" or "obj" or ".git" or "node_modules" or "TestResults")
            {
                continue;
            }

            foreach (var file in RepositoryFiles(sub))
            {
                yield return file;
            }
        }
    }
}
