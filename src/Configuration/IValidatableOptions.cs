namespace Wickr.Cluster.Configuration;

/// <summary>
/// An options class that says what is wrong with it: every problem, one sentence each, starting with the name of the
/// setting below the class's own section (<c>MaxKeys must be at least 1.</c>). Whoever reads the options puts the
/// section in front (<c>Grains:EphemeralKeyPool:MaxKeys must be at least 1.</c>): <see cref="ValidatedOptions.Read{T}"/>
/// for options a host needs before it is built, <see cref="ValidatedOptionsServiceCollectionExtensions.AddValidatedOptions{T}(Microsoft.Extensions.DependencyInjection.IServiceCollection, Microsoft.Extensions.Configuration.IConfigurationSection)"/>
/// for options bound through dependency injection (validated at start).
/// </summary>
/// <remarks>
/// Every options class of the cluster that is bound from configuration names its section, by its full path, in a
/// public constant <c>SectionName</c> (<c>"Grains:Mailbox"</c>), and ends in <c>Options</c>.
/// </remarks>
public interface IValidatableOptions
{
    /// <summary>Every setting that cannot work, each named below the section; empty when the options are usable.</summary>
    /// <returns>One sentence per problem.</returns>
    IEnumerable<string> Validate();
}
