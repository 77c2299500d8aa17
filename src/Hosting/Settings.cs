using Microsoft.Extensions.Configuration;

namespace Wickr.Cluster.Hosting;

/// <summary>Reads settings a host needs before it is built (which storage, which clustering): bind, then validate.</summary>
public static class Settings
{
    /// <summary>
    /// Binds section <paramref name="section"/> of <paramref name="configuration"/> (defaults where absent) and refuses
    /// settings that cannot work.
    /// </summary>
    /// <typeparam name="T">The settings class.</typeparam>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="section">The section to bind.</param>
    /// <returns>The settings in force.</returns>
    /// <exception cref="InvalidOperationException">A setting cannot work; the message names every such setting.</exception>
    public static T Read<T>(IConfiguration configuration, string section)
        where T : class, ISettings, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = configuration.GetSection(section).Get<T>() ?? new T();
        var problems = settings.Validate().ToList();
        return problems.Count == 0
            ? settings
            : throw new InvalidOperationException($"Invalid configuration ({section}): {string.Join(" ", problems)}");
    }
}
