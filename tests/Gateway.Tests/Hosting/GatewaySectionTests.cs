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
/// process), so either host refuses to start on it with one line naming the key to set instead, and no stack trace.
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
    [InlineData("Silo", "Wickr.Cluster.Silo.dll", "Wickr__Gateway__Enabled", "false", "Gateway:Enabled")]
    [InlineData("Gateway", "Wickr.Cluster.Gateway.dll", "Wickr__Gateway__Urls", "http://127.0.0.1:5081", "Gateway:Urls")]
    public async Task A_host_process_with_a_retired_key_exits_with_one_line_naming_the_new_key(
        string project, string assembly, string variable, string value, string key)
    {
        await using var host = HostProcess.StartBuilt(project, assembly, new Dictionary<string, string> { [variable] = value });

        var exitCode = await host.WaitForExitAsync(ExitTimeout);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(host.Lines());
        var retired = variable.Replace("__", ":", StringComparison.Ordinal);
        Assert.Equal(
            $"Invalid configuration: {retired} is no longer read: set {key} (environment variable {key.Replace(":", "__", StringComparison.Ordinal)}) instead.",
            line);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
