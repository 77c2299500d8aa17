using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Gateway.Auth;

namespace Wickr.Cluster.Gateway.Connections;

/// <summary>
/// A deadline for the body of a call with one request message (unary and server-streaming): gRPC reads the whole request message before the handler runs, so a client
/// that sends the headers and then never finishes the body (or trickles it) holds a stream, its buffers and a task for
/// as long as it likes. Here a call whose handler has not started <see cref="GatewayConnectionOptions.RequestBodyTimeout"/>
/// after it arrived is reset. <see cref="RequestBodyDeadlineInterceptor"/> marks the handler's start.
/// </summary>
internal sealed class RequestBodyDeadline(
    RequestDelegate next, IOptions<GatewayOptions> options, PendingRequestBodies pending,
    [FromKeyedServices(GatewayClock.Key)] TimeProvider time)
{
    private static readonly HashSet<string> SingleRequestPaths = [.. SingleRequestMethods()];

    public async Task InvokeAsync(HttpContext context)
    {
        if (!SingleRequestPaths.Contains(context.Request.Path.Value ?? ""))
        {
            await next(context);
            return;
        }

        var read = new RequestBodyRead(pending);
        context.Features.Set(read);
        try
        {
            await using var timer = time.CreateTimer(
                state =>
                {
                    var call = (HttpContext)state!;
                    if (call.Features.Get<RequestBodyRead>()!.TrySet())
                    {
                        call.Abort();
                    }
                },
                context, options.Value.Connections.RequestBodyTimeout, Timeout.InfiniteTimeSpan);
            await next(context);
        }
        finally
        {
            read.TrySet();
        }
    }

    private static IEnumerable<string> SingleRequestMethods() =>
        new[] { Api.V1.Auth.Descriptor, Api.V1.Accounts.Descriptor, Api.V1.EphemeralKeys.Descriptor, Api.V1.Messages.Descriptor, Api.V1.Files.Descriptor }
            .SelectMany(service => service.Methods
                .Where(m => !m.IsClientStreaming)
                .Select(m => $"/{service.FullName}/{m.Name}"));
}
