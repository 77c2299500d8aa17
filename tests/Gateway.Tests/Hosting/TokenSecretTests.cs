using System.Security.Cryptography;
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
}
