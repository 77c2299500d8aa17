using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Wickr.Cluster.Configuration;

namespace Wickr.Cluster.Hosting.Addresses;

/// <summary>Registers <see cref="ListeningAddresses"/> and, when <see cref="HostingOptions.AddressesFile"/> is set, the file that announces them.</summary>
public static class ListeningAddressesExtensions
{
    /// <summary>
    /// Adds <see cref="ListeningAddresses"/> with every endpoint of <c>Kestrel:Endpoints</c> recorded under its setting
    /// (code that configures more endpoints records them too, as the gateway does), and writes them to
    /// <see cref="HostingOptions.AddressesFile"/> once the host has started when that is set. Calling it again does nothing.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>The settings of section <see cref="HostingOptions.SectionName"/> in force.</returns>
    /// <exception cref="InvalidConfigurationException">A <c>Hosting</c> setting cannot work; the message names it.</exception>
    public static HostingOptions AddWickrListeningAddresses(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = ValidatedOptions.Read<HostingOptions>(builder.Configuration, HostingOptions.SectionName);
        if (builder.Services.Any(service => service.ServiceType == typeof(ListeningAddresses)))
        {
            return options;
        }

        builder.Services.AddSingleton<ListeningAddresses>();
        var names = builder.Configuration.GetSection(ListeningAddresses.KestrelEndpointsSection).GetChildren().Select(endpoint => endpoint.Key).ToList();
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            var addresses = kestrel.ApplicationServices.GetRequiredService<ListeningAddresses>();
            foreach (var name in names)
            {
                // Called each time Kestrel loads the endpoint from configuration, with the options it then binds.
                kestrel.ConfigurationLoader?.Endpoint(name, endpoint =>
                    addresses.Set($"{ListeningAddresses.KestrelEndpointsSection}:{name}", endpoint.ListenOptions, endpoint.IsHttps));
            }
        });

        if (!string.IsNullOrEmpty(options.AddressesFile))
        {
            builder.Services.AddSingleton(options);
            builder.Services.AddHostedService<AddressesFileWriter>();
        }

        return options;
    }
}
