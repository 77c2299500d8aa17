using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Wickr.Cluster.Gateway.Errors;

/// <summary>
/// Turns every failure into a precise gRPC status (<see cref="StatusMapping"/>), so no Orleans or ClientLib exception
/// ever reaches a client as UNKNOWN. Unexpected failures are logged (type and stack, no request data) and answered
/// with INTERNAL and a generic message.
/// </summary>
internal sealed partial class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            // The call ends when the client gives up (its deadline, a cancel), not when the grain call behind it does:
            // a call waiting on a silo that just died is not held open past the client's deadline.
            return await continuation(request, context).WaitAsync(context.CancellationToken);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    private RpcException Map(Exception ex, ServerCallContext context)
    {
        if (ex is OperationCanceledException && context.CancellationToken.IsCancellationRequested)
        {
            return new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
        }

        if (StatusMapping.TryMap(ex) is { } status)
        {
            if (status.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted)
            {
                LogClusterTrouble(logger, context.Method, ex.GetType().Name, status.StatusCode);
            }

            return new RpcException(status, StatusMapping.Trailers(ex));
        }

        LogUnexpected(logger, ex, context.Method);
        return new RpcException(new Status(StatusCode.Internal, StatusMapping.InternalMessage));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} failed with {ExceptionType}, answered {StatusCode}")]
    private static partial void LogClusterTrouble(ILogger logger, string method, string exceptionType, StatusCode statusCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} failed unexpectedly, answered Internal")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method);
}
