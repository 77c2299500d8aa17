using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wickr.Cluster.Gateway.Auth;

namespace Wickr.Cluster.Gateway.Wire;

/// <summary>
/// Turns a request whose bytes do not parse into INVALID_ARGUMENT "malformed request" before any handler runs, and
/// keeps the log bounded: one short debug line per refusal, and at most one warning a minute with the count since the
/// last one, so garbage on the wire can never flood the log.
/// </summary>
internal sealed partial class MalformedRequests(
    ILogger<MalformedRequests> logger, [FromKeyedServices(GatewayClock.Key)] TimeProvider time)
{
    /// <summary>The status detail every unparsable request gets.</summary>
    public const string Detail = "malformed request: the request bytes are not a valid message of this call.";

    private static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);
    private long _refusedSinceWarning;
    private long _nextWarningTicks;

    /// <summary>
    /// <paramref name="marshaller"/> with a deserializer that refuses a message above the method's cap
    /// (<see cref="RequestSizeLimits"/>) as RESOURCE_EXHAUSTED and unparsable bytes precisely.
    /// </summary>
    public Marshaller<T> Guard<T>(Marshaller<T> marshaller, string method)
    {
        var maxBytes = RequestSizeLimits.ForMethod(method);
        return new(marshaller.ContextualSerializer, context =>
        {
            if (context.PayloadLength > maxBytes)
            {
                throw new RpcException(new Status(StatusCode.ResourceExhausted,
                    $"request too large: this call takes at most {maxBytes} bytes, not {context.PayloadLength}."));
            }

            try
            {
                return marshaller.ContextualDeserializer(context);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw Refuse(method, ex);
            }
        });
    }

    private RpcException Refuse(string method, Exception ex)
    {
        Interlocked.Increment(ref _refusedSinceWarning);
        LogRefused(logger, method, ex.GetType().Name);
        var now = time.GetUtcNow().UtcTicks;
        var next = Interlocked.Read(ref _nextWarningTicks);
        if (now >= next && Interlocked.CompareExchange(ref _nextWarningTicks, now + WarningInterval.Ticks, next) == next)
        {
            LogSampled(logger, Interlocked.Exchange(ref _refusedSinceWarning, 0), method);
        }
        return new RpcException(new Status(StatusCode.InvalidArgument, Detail));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method}: malformed request refused ({ExceptionType})")]
    private static partial void LogRefused(ILogger logger, string method, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} malformed requests refused in the last minute (latest: {Method}); logged once a minute")]
    private static partial void LogSampled(ILogger logger, long count, string method);
}
