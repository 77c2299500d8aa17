using Microsoft.Extensions.Configuration;
using Wickr.Cluster.Configuration;

namespace Wickr.Cluster.Gateway.Hosting;

/// <summary>What a host reads of section <see cref="GatewayOptions.SectionName"/> before it is built.</summary>
public static class GatewayConfigurationExtensions
{
    /// <summary>
    /// Whether the silo host serves the gateway in its own process: <see cref="GatewayOptions.Enabled"/> as configured.
    /// Refuses a key left in the retired section <see cref="GatewayOptions.RetiredSectionName"/>, which would otherwise be
    /// ignored (<c>Wickr:Gateway:Enabled=false</c> would leave the gateway on).
    /// </summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>True when the gateway is to be served.</returns>
    /// <exception cref="InvalidConfigurationException">A key is set below <see cref="GatewayOptions.RetiredSectionName"/>; the message names the key to set instead.</exception>
    public static bool IsWickrGatewayEnabled(this IConfiguration configuration)
    {
        RefuseRetiredGatewayKeys(configuration);
        return (configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions()).Enabled;
    }

    /// <summary>Refuses every key set below <see cref="GatewayOptions.RetiredSectionName"/>, naming the key below <see cref="GatewayOptions.SectionName"/> to set instead.</summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <exception cref="InvalidConfigurationException">Such a key is set.</exception>
    public static void RefuseRetiredGatewayKeys(this IConfiguration configuration) =>
        ValidatedOptions.RefuseRetired(configuration, GatewayOptions.RetiredSectionName, GatewayOptions.SectionName);
}
