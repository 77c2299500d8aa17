extern alias gateway;

using gateway::Wickr.Cluster.Gateway;
using gateway::Wickr.Cluster.Gateway.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Configuration;

namespace Wickr.Cluster.Gateway.Tests.Hosting;

/// <summary>
/// The gateway's settings are section <c>Gateway</c>, <c>Enabled</c> included. A key left in the retired section
/// <c>Wickr:Gateway</c> would be ignored without a word (a gateway turned off would run, a secret would be made up per
/// process), so either host refuses to start on it with one line naming the key to set instead, and no stack trace, as it
/// refuses any setting that cannot work.
/// </summary>
public sealed class GatewaySectionTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void Enabled_is_read_through_the_gateway_options_and_is_on_by_default()
    {
        Assert.True(Configuration([]).IsWickrGatewayEnabled());
        Assert.False(Configuration(new() { ["Gateway:Enabled"] = "false" }).IsWickrGatewayEnabled());
        Assert.True(new GatewayOptions().Enabled);
    }

    [Fact]
    public void A_retired_key_is_refused_in_one_line_naming_the_key_to_set_instead()
    {
        var configuration = Configuration(new() { ["Wickr:Gateway:Enabled"] = "false", ["Wickr:Gateway:Registration:Policy"] = "Invite" });

        var error = Assert.Throws<InvalidConfigurationException>(() => configuration.IsWickrGatewayEnabled());

        Assert.Equal(
            "Invalid configuration: Wickr:Gateway:Enabled is no longer read: set Gateway:Enabled (environment variable Gateway__Enabled) instead. "
            + "Wickr:Gateway:Registration:Policy is no longer read: set Gateway:Registration:Policy (environment variable "
            + "Gateway__Registration__Policy) instead.",
            error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Throws<InvalidConfigurationException>(() => new ServiceCollection().AddWickrGateway(configuration));
    }

    [Fact]
    public void A_host_default_gives_way_to_the_configured_value()
    {
        static bool Generates(Dictionary<string, string?> values)
        {
            using var services = new ServiceCollection()
                .AddWickrGateway(Configuration(values), hostDefaults: o => o.GenerateTokenSecretIfMissing = false)
                .BuildServiceProvider();
            return services.GetRequiredService<IOptions<GatewayOptions>>().Value.GenerateTokenSecretIfMissing;
        }

        var secret = Convert.ToBase64String(new byte[32]);
        Assert.False(Generates(new() { ["Gateway:TokenSecret"] = secret }));
        Assert.True(Generates(new() { ["Gateway:TokenSecret"] = secret, ["Gateway:GenerateTokenSecretIfMissing"] = "true" }));
    }

    [Theory]
    [InlineData("Silo", "Wickr__Gateway__Enabled", "false",
        "Invalid configuration: Wickr:Gateway:Enabled is no longer read: set Gateway:Enabled (environment variable Gateway__Enabled) instead.")]
    [InlineData("Gateway", "Wickr__Gateway__Urls", "http://127.0.0.1:5081",
        "Invalid configuration: Wickr:Gateway:Urls is no longer read: set Gateway:Urls (environment variable Gateway__Urls) instead.")]
    [InlineData("Silo", "Grains__Mailbox__MaxReadBatch", "0", "Invalid configuration: Grains:Mailbox:MaxReadBatch must be at least 1.")]
    // The standalone gateway makes up no token secret unless told to (its host default).
    [InlineData("Gateway", "Gateway__Urls", "http://127.0.0.1:0",
        "Invalid configuration: Gateway:TokenSecret is required (base64, at least 32 bytes, the same on every gateway instance).")]
    public async Task A_host_process_refusing_its_settings_exits_with_one_line_naming_the_setting(
        string project, string variable, string value, string line)
    {
        var data = Directory.CreateTempSubdirectory("wickr-refusal").FullName;
        try
        {
            var environment = new Dictionary<string, string> { [variable] = value, ["Silo__DataDirectory"] = data };
            await using var host = HostProcess.StartBuilt(project, $"Wickr.Cluster.{project}.dll", environment);

            Assert.Equal(1, await host.WaitForExitAsync(ExitTimeout));
            Assert.Equal([line], host.Lines());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
