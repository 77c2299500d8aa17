using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Gateway.Auth;
using Wickr.Cluster.Gateway.Connections;
using Wickr.Cluster.Gateway.Errors;
using Wickr.Cluster.Gateway.Health;
using Wickr.Cluster.Gateway.Metrics;
using Wickr.Cluster.Gateway.Wire;

namespace Wickr.Cluster.Gateway.Hosting;

/// <summary>Registers the gateway in a host that already has an Orleans client or silo (an <see cref="IGrainFactory"/>).</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>The name of the gateway's health check (the Orleans cluster answers).</summary>
    public const string HealthCheckName = "orleans-cluster";

    /// <summary>
    /// Adds the gRPC services, their interceptors (metrics outermost, then error mapping), auth, health checks and
    /// reflection, with options bound from <see cref="GatewayOptions.SectionName"/> and validated at start.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration holding section <c>Gateway</c>.</param>
    /// <param name="hostDefaults">The host's own defaults, applied before the configuration (which overrides them).</param>
    /// <returns>The services.</returns>
    /// <exception cref="InvalidConfigurationException">A key is set below the retired section <see cref="GatewayOptions.RetiredSectionName"/>.</exception>
    public static IServiceCollection AddWickrGateway(this IServiceCollection services, IConfiguration configuration, Action<GatewayOptions>? hostDefaults = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.RefuseRetiredGatewayKeys();

        if (hostDefaults is not null)
        {
            // Registered before the binding, so a configured value wins.
            services.Configure(hostDefaults);
        }

        services.AddValidatedOptions<GatewayOptions>(configuration.GetSection(GatewayOptions.SectionName));
        services.TryAddKeyedSingleton(GatewayClock.Key, TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<GatewayMetrics>();
        services.TryAddSingleton<TokenKeys>();
        services.TryAddSingleton<DeviceTokens>();
        services.TryAddSingleton<NodeChainCache>();
        services.AddHostedService<NodeChainCacheRefresher>();
        services.TryAddSingleton<ChallengeNonces>();
        services.TryAddSingleton<RegistrationSources>();
        services.TryAddSingleton<RecoveryThrottle>();
        services.TryAddSingleton<CallerAddress>();
        services.TryAddSingleton<SignatureChecks>();
        services.TryAddSingleton<RegistrationGate>();
        services.TryAddSingleton<Messages.NodeStreams>();
        services.TryAddSingleton<Messages.RetiredDoorbells>();
        services.TryAddSingleton<Messages.SendAdmission>();
        services.TryAddSingleton<DeviceAuthenticator>();
        services.TryAddSingleton<ConnectionsPerSource>();
        services.TryAddSingleton<PendingRequestBodies>();
        services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, RequestBodyDeadlineStartupFilter>();

        // Each service reads at most its largest method's request (RequestSizeLimits), refused at the length prefix;
        // health and reflection, which have no options of their own, the small cap.
        services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<MetricsInterceptor>();
            grpc.Interceptors.Add<ErrorMappingInterceptor>();
            grpc.Interceptors.Add<RequestBodyDeadlineInterceptor>();
            grpc.EnableDetailedErrors = false;
            grpc.MaxReceiveMessageSize = RequestSizeLimits.Small;
        })
            .AddServiceOptions<Services.AuthService>(o => o.MaxReceiveMessageSize = RequestSizeLimits.ForService(Api.V1.Auth.Descriptor))
            .AddServiceOptions<Services.AccountsService>(o => o.MaxReceiveMessageSize = RequestSizeLimits.ForService(Api.V1.Accounts.Descriptor))
            .AddServiceOptions<Services.EphemeralKeysService>(o => o.MaxReceiveMessageSize = RequestSizeLimits.ForService(Api.V1.EphemeralKeys.Descriptor))
            .AddServiceOptions<Services.MessagesService>(o => o.MaxReceiveMessageSize = RequestSizeLimits.ForService(Api.V1.Messages.Descriptor))
            .AddServiceOptions<Services.FilesService>(o => o.MaxReceiveMessageSize = RequestSizeLimits.ForService(Api.V1.Files.Descriptor));
        // Every service (ours, health, reflection) is bound with guarded request marshallers instead of Grpc.AspNetCore's
        // own binder, so an unparsable request is INVALID_ARGUMENT before any handler runs; Grpc.AspNetCore's per-call
        // information lines (with the exception) are kept out of the log for the same reason.
        services.TryAddSingleton<MalformedRequests>();
        foreach (var binder in services.Where(d => d.ServiceType == typeof(IServiceMethodProvider<>)
            && d.ImplementationType?.Name.StartsWith("BinderServiceMethodProvider", StringComparison.Ordinal) == true).ToList())
        {
            services.Remove(binder);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IServiceMethodProvider<>), typeof(GuardedServiceMethodProvider<>)));
        services.AddLogging(logging => logging.AddFilter("Grpc.AspNetCore.Server", LogLevel.Warning));
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck<ClusterHealthCheck>(HealthCheckName);
        return services;
    }
}
