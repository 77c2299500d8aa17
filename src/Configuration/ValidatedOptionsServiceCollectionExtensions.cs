using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Wickr.Cluster.Configuration;

/// <summary>Options bound through dependency injection, checked by their <see cref="IValidatableOptions.Validate"/> when the host starts.</summary>
public static class ValidatedOptionsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <typeparamref name="T"/> from <paramref name="section"/> (defaults where absent) and refuses to start when
    /// a setting cannot work, naming it under <paramref name="section"/>'s path.
    /// </summary>
    /// <typeparam name="T">The options class.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The options builder, for changes made in code.</returns>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfigurationSection section)
        where T : class, IValidatableOptions
    {
        ArgumentNullException.ThrowIfNull(section);
        return services.AddValidatedOptions<T>(section.Path).Bind(section);
    }

    /// <summary>
    /// Adds <typeparamref name="T"/> (set in code) and refuses to start when a setting cannot work, naming it under
    /// <paramref name="section"/>. The first registration of <typeparamref name="T"/> names the section.
    /// </summary>
    /// <typeparam name="T">The options class.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="section">The section the options stand for.</param>
    /// <returns>The options builder, for changes made in code.</returns>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section)
        where T : class, IValidatableOptions
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>>(new ValidatedOptionsValidator<T>(section)));
        return services.AddOptions<T>().ValidateOnStart();
    }
}
