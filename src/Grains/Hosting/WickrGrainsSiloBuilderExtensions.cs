using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Contracts;
using Wickr.Cluster.Contracts.Files;

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
        Action<FileLimits>? files = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        AddValidated<MailboxOptions>(services, mailbox, o => o.Validate());
        AddValidated<EphemeralKeyPoolOptions>(services, ephemeralKeyPool, o => o.Validate());
        AddValidated<UserOptions>(services, user, o => o.Validate());
        AddValidated<SenderOptions>(services, sender, o => o.Validate());
        AddValidated<FileLimits>(services, files, o => o.Validate());
        services.TryAddKeyedSingleton(WickrGrains.TimeProviderKey, TimeProvider.System);
        return builder;
    }

    /// <summary>
    /// Adds the grains' options bound from configuration: sections <c>Mailbox</c>, <c>EphemeralKeyPool</c>, <c>User</c>,
    /// <c>Sender</c> and <c>Files</c> under <paramref name="configuration"/>; anything not set keeps its default.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configuration">The configuration section holding the five sections.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddWickrGrains(this ISiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        builder.AddWickrGrains();
        builder.Services.Configure<MailboxOptions>(configuration.GetSection("Mailbox"));
        builder.Services.Configure<EphemeralKeyPoolOptions>(configuration.GetSection("EphemeralKeyPool"));
        builder.Services.Configure<UserOptions>(configuration.GetSection("User"));
        builder.Services.Configure<SenderOptions>(configuration.GetSection("Sender"));
        builder.Services.Configure<FileLimits>(configuration.GetSection("Files"));
        return builder;
    }

    private static void AddValidated<T>(IServiceCollection services, Action<T>? configure, Func<T, IEnumerable<string>> validate)
        where T : class
    {
        var options = services.AddOptions<T>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>>(new ListValidator<T>(validate)));
        options.ValidateOnStart();
    }

    private sealed class ListValidator<T>(Func<T, IEnumerable<string>> validate) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var errors = validate(options).ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
