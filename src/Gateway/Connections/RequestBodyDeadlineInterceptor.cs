using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Wickr.Cluster.Gateway.Connections;

/// <summary>Marks a unary call's request as read whole (gRPC runs interceptors only after that), for <see cref="RequestBodyDeadline"/>.</summary>
internal sealed class RequestBodyDeadlineInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        context.GetHttpContext().Features.Get<RequestBodyRead>()?.TrySet();
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        context.GetHttpContext().Features.Get<RequestBodyRead>()?.TrySet();
        return continuation(request, responseStream, context);
    }
}
