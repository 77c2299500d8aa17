using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wickr.Cluster.Configuration;

namespace Wickr.Cluster.Grains.Hosting;

/// <summary>Registers the grains' options and clock on a silo. Storage is added separately (SQLite or Azure).</summary>
public static class WickrGrainsSiloBuilderExtensions
{
    /// <summary>Adds the grains' options (with defaults, validated at start) and the grains' clock.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="mailbox">Changes to the mailbox limits.</param>
    /// <param name="ephemeralKeyPool">Changes to the ephemeral key pool limits.</param>
    /// <param name="user">Changes to the user limits.</param>
    /// <param name="sender">Changes to the per-sender send budgets.</param>
    /// <param name="files">Changes to the file transfer limits.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddWickrGrains(
        this ISiloBuilder builder,
        Action<MailboxOptions>? mailbox = null,
        Action<EphemeralKeyPoolOptions>? ephemeralKeyPool = null,
        Action<UserOptions>? user = null,
        Action<SenderOptions>? sender = null,
        Action<FilesOptions>? files = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        Configure(services.AddValidatedOptions<MailboxOptions>(MailboxOptions.SectionName), mailbox);
        Configure(services.AddValidatedOptions<EphemeralKeyPoolOptions>(EphemeralKeyPoolOptions.SectionName), ephemeralKeyPool);
        Configure(services.AddValidatedOptions<UserOptions>(UserOptions.SectionName), user);
        Configure(services.AddValidatedOptions<SenderOptions>(SenderOptions.SectionName), sender);
        Configure(services.AddValidatedOptions<FilesOptions>(FilesOptions.SectionName), files);
        services.TryAddKeyedSingleton(WickrGrains.TimeProviderKey, TimeProvider.System);
        return builder;
    }

    /// <summary>
    /// Adds the grains' options bound from configuration: sections <see cref="MailboxOptions.SectionName"/> (<c>Grains:Mailbox</c>),
    /// <see cref="EphemeralKeyPoolOptions.SectionName"/>, <see cref="UserOptions.SectionName"/>, <see cref="SenderOptions.SectionName"/>
    /// and <see cref="FilesOptions.SectionName"/> of <paramref name="configuration"/>; anything not set keeps its default. A
    /// setting that cannot work stops the start, named with its full path (<c>Grains:Mailbox:Retention</c>).
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configuration">The host's configuration (the root: the sections are named by their full paths).</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddWickrGrains(this ISiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var services = builder.Services;
        services.AddValidatedOptions<MailboxOptions>(configuration.GetSection(MailboxOptions.SectionName));
        services.AddValidatedOptions<EphemeralKeyPoolOptions>(configuration.GetSection(EphemeralKeyPoolOptions.SectionName));
        services.AddValidatedOptions<UserOptions>(configuration.GetSection(UserOptions.SectionName));
        services.AddValidatedOptions<SenderOptions>(configuration.GetSection(SenderOptions.SectionName));
        services.AddValidatedOptions<FilesOptions>(configuration.GetSection(FilesOptions.SectionName));
        return builder.AddWickrGrains();
    }

    private static void Configure<T>(Microsoft.Extensions.Options.OptionsBuilder<T> options, Action<T>? configure)
        where T : class
    {
        if (configure is not null)
        {
            options.Configure(configure);
        }
    }
}
