using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Wickr.Cluster.Gateway.Services;

namespace Wickr.Cluster.Gateway.Hosting;

/// <summary>Maps the gateway's gRPC services.</summary>
public static class GatewayEndpointRouteBuilderExtensions
{
    /// <summary>Maps Auth, Accounts, EphemeralKeys, Messages, Files, the gRPC health service and server reflection.</summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <returns>The endpoints.</returns>
    public static IEndpointRouteBuilder MapWickrGateway(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGrpcService<AuthService>();
        endpoints.MapGrpcService<AccountsService>();
        endpoints.MapGrpcService<EphemeralKeysService>();
        endpoints.MapGrpcService<MessagesService>();
        endpoints.MapGrpcService<FilesService>();
        endpoints.MapGrpcHealthChecksService();
        endpoints.MapGrpcReflectionService();
        return endpoints;
    }
}
