namespace Wickr.Cluster.Configuration;

/// <summary>
/// A settings class that says what is wrong with it: every problem, one sentence each, starting with the name of the
/// setting below the class's own section (<c>MaxKeys must be at least 1.</c>). Whoever reads the settings puts the
/// section in front (<c>Grains:EphemeralKeyPool:MaxKeys must be at least 1.</c>): <see cref="Settings.Read{T}"/> for
/// settings a host needs before it is built, <see cref="SettingsServiceCollectionExtensions.AddValidatedSettings{T}(Microsoft.Extensions.DependencyInjection.IServiceCollection, Microsoft.Extensions.Configuration.IConfigurationSection)"/>
/// for options bound through dependency injection (validated at start).
/// </summary>
public interface ISettings
{
    /// <summary>Every setting that cannot work, each named below the section; empty when the settings are usable.</summary>
    /// <returns>One sentence per problem.</returns>
    IEnumerable<string> Validate();
}
