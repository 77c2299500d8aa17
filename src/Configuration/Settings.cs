using Microsoft.Extensions.Configuration;

namespace Wickr.Cluster.Configuration;

/// <summary>Reads and checks settings: the one place a problem of an <see cref="ISettings"/> is given its section.</summary>
public static class Settings
{
    /// <summary>
    /// Binds section <paramref name="section"/> of <paramref name="configuration"/> (defaults where absent) and refuses
    /// settings that cannot work: for settings a host needs before it is built (which storage, which clustering).
    /// </summary>
    /// <typeparam name="T">The settings class.</typeparam>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="section">The section to bind.</param>
    /// <returns>The settings in force.</returns>
    /// <exception cref="InvalidOperationException">A setting cannot work; the message names every such setting with its section.</exception>
    public static T Read<T>(IConfiguration configuration, string section)
        where T : class, ISettings, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Check(configuration.GetSection(section).Get<T>() ?? new T(), section);
    }

    /// <summary>Refuses <paramref name="settings"/> (set in code or bound already) when a setting cannot work.</summary>
    /// <typeparam name="T">The settings class.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="section">The section the settings stand for, put in front of every problem.</param>
    /// <returns><paramref name="settings"/>.</returns>
    /// <exception cref="InvalidOperationException">A setting cannot work; the message names every such setting with its section.</exception>
    public static T Check<T>(T settings, string section)
        where T : ISettings
    {
        var problems = Problems(settings, section);
        return problems.Count == 0
            ? settings
            : throw new InvalidOperationException($"Invalid configuration: {string.Join(" ", problems)}");
    }

    /// <summary>Every problem of <paramref name="settings"/>, each with <paramref name="section"/> in front of the setting it names.</summary>
    /// <typeparam name="T">The settings class.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="section">The section the settings stand for (<c>Grains:Mailbox</c>); empty for none.</param>
    /// <returns>One sentence per problem (<c>Grains:Mailbox:Retention must be positive.</c>).</returns>
    public static IReadOnlyList<string> Problems<T>(T settings, string section)
        where T : ISettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(section);
        return [.. settings.Validate().Select(problem => Within(section, problem))];
    }

    /// <summary><paramref name="problem"/> of a nested settings class, named below <paramref name="section"/>.</summary>
    /// <param name="section">The section (or property path) the problem's settings sit under; empty for none.</param>
    /// <param name="problem">A problem naming its setting below that section.</param>
    /// <returns><c>section:problem</c>.</returns>
    public static string Within(string section, string problem) => section.Length == 0 ? problem : $"{section}:{problem}";
}
