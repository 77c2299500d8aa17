using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Hosting;

namespace Wickr.Cluster.Hosting.Logging;

/// <summary>
/// The log levels both hosts start from: Information, but Warning for ASP.NET Core, Orleans and Polly, whose
/// Information lines come with every request and every connection (four lines per RPC from ASP.NET Core alone, which
/// cost the standalone gateway 6 % more CPU per send and 43 % more per claim in a paired bench/Cluster.Load run; two
/// from Polly for every grain placement, as Orleans places grains through a Polly pipeline, so a stranger naming
/// made-up nodes wrote 365 bytes of log per call). No line per request at these levels is what
/// <c>QuietLogTests</c> checks against both built hosts. They sit below every other configuration source, so
/// <c>Logging__LogLevel__*</c> variables and appsettings files still decide.
/// </summary>
public static class WickrLoggingDefaults
{
    /// <summary>The defaults, as configuration keys.</summary>
    public static IReadOnlyDictionary<string, string?> Levels { get; } = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Orleans"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning",
    };

    /// <summary>Puts <see cref="Levels"/> beneath the host's configuration sources.</summary>
    /// <param name="builder">The host's builder, before anything reads its logging configuration.</param>
    /// <returns>The builder.</returns>
    public static IHostApplicationBuilder AddWickrLoggingDefaults(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Levels });
        return builder;
    }
}
