using Microsoft.Extensions.Configuration;

namespace Wickr.Cluster.Configuration;

/// <summary>Reads and checks options: the one place a problem of an <see cref="IValidatableOptions"/> is given its section.</summary>
public static class ValidatedOptions
{
    /// <summary>
    /// Binds section <paramref name="section"/> of <paramref name="configuration"/> (defaults where absent) and refuses
    /// options that cannot work: for options a host needs before it is built (which storage, which clustering).
    /// </summary>
    /// <typeparam name="T">The options class.</typeparam>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="section">The section to bind: the class's <c>SectionName</c>.</param>
    /// <returns>The options in force.</returns>
    /// <exception cref="InvalidConfigurationException">A setting cannot work; the message names every such setting with its section.</exception>
    public static T Read<T>(IConfiguration configuration, string section)
        where T : class, IValidatableOptions, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Check(configuration.GetSection(section).Get<T>() ?? new T(), section);
    }

    /// <summary>Refuses <paramref name="options"/> (set in code or bound already) when a setting cannot work.</summary>
    /// <typeparam name="T">The options class.</typeparam>
    /// <param name="options">The options.</param>
    /// <param name="section">The section the options stand for, put in front of every problem.</param>
    /// <returns><paramref name="options"/>.</returns>
    /// <exception cref="InvalidConfigurationException">A setting cannot work; the message names every such setting with its section.</exception>
    public static T Check<T>(T options, string section)
        where T : IValidatableOptions
    {
        var problems = Problems(options, section);
        return problems.Count == 0
            ? options
            : throw new InvalidConfigurationException($"Invalid configuration: {string.Join(" ", problems)}");
    }

    /// <summary>Every problem of <paramref name="options"/>, each with <paramref name="section"/> in front of the setting it names.</summary>
    /// <typeparam name="T">The options class.</typeparam>
    /// <param name="options">The options.</param>
    /// <param name="section">The section the options stand for (<c>Grains:Mailbox</c>); empty for none.</param>
    /// <returns>One sentence per problem (<c>Grains:Mailbox:Retention must be positive.</c>).</returns>
    public static IReadOnlyList<string> Problems<T>(T options, string section)
        where T : IValidatableOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(section);
        return [.. options.Validate().Select(problem => Within(section, problem))];
    }

    /// <summary><paramref name="problem"/> of a nested options class, named below <paramref name="section"/>.</summary>
    /// <param name="section">The section (or property path) the problem's options sit under; empty for none.</param>
    /// <param name="problem">A problem naming its setting below that section.</param>
    /// <returns><c>section:problem</c>.</returns>
    public static string Within(string section, string problem) => section.Length == 0 ? problem : $"{section}:{problem}";

    /// <summary>
    /// Refuses every key of <paramref name="retiredSection"/>, a section that moved to <paramref name="section"/>: a key
    /// left there would be ignored without a word (a gateway turned off would run, a secret would be made up).
    /// </summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="retiredSection">The section's old path (<c>Wickr:Gateway</c>).</param>
    /// <param name="section">Its path now (<c>Gateway</c>).</param>
    /// <exception cref="InvalidConfigurationException">A key is set below <paramref name="retiredSection"/>; the message names the key to set instead.</exception>
    public static void RefuseRetired(IConfiguration configuration, string retiredSection, string section)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrEmpty(retiredSection);
        ArgumentException.ThrowIfNullOrEmpty(section);
        var retired = configuration.GetSection(retiredSection);
        var problems = retired.AsEnumerable(makePathsRelative: true)
            .Where(pair => pair.Value is not null)
            .Select(pair => pair.Key)
            .Order(StringComparer.OrdinalIgnoreCase)
            .Select(relative => $"{retired.Path}:{relative} is no longer read: set {section}:{relative} (environment variable "
                + $"{section}__{relative.Replace(":", "__", StringComparison.Ordinal)}) instead.")
            .ToList();
        if (problems.Count > 0)
        {
            throw new InvalidConfigurationException($"Invalid configuration: {string.Join(" ", problems)}");
        }
    }
}
