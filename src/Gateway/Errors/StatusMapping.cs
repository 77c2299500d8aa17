using Grpc.Core;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Storage;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Gateway.Errors;

/// <summary>
/// One table from failures to gRPC statuses, used for whole calls (by the interceptor) and for per-node outcomes
/// (SendPacket deliveries, ClaimKeys results). Messages of known failures are passed on (they never carry keys or
/// packet bytes); anything unexpected becomes INTERNAL with a generic message.
/// </summary>
internal static class StatusMapping
{
    public const string InternalMessage = "The gateway failed to handle the call; it has been logged.";

    /// <summary>The trailer that tells a rate-limited caller how many milliseconds to wait before retrying.</summary>
    public const string RetryAfterTrailer = "retry-after-ms";

    public static StatusCode ToStatusCode(ClusterErrorCode code) => code switch
    {
        ClusterErrorCode.InvalidArgument => StatusCode.InvalidArgument,
        ClusterErrorCode.NotFound => StatusCode.NotFound,
        ClusterErrorCode.Conflict => StatusCode.AlreadyExists,
        ClusterErrorCode.PermissionDenied => StatusCode.PermissionDenied,
        ClusterErrorCode.MailboxFull => StatusCode.ResourceExhausted,
        ClusterErrorCode.PoolFull => StatusCode.ResourceExhausted,
        ClusterErrorCode.KeyIdNotIncreasing => StatusCode.InvalidArgument,
        ClusterErrorCode.RateLimited => StatusCode.ResourceExhausted,
        ClusterErrorCode.TooLarge => StatusCode.InvalidArgument,
        ClusterErrorCode.LimitExceeded => StatusCode.ResourceExhausted,
        _ => StatusCode.Internal,
    };

    /// <summary>Milliseconds to wait before retrying, for a rate-limited failure; otherwise null.</summary>
    public static long? RetryAfterMs(Exception exception) =>
        exception is ClusterException { RetryAfter: { } wait } ? Math.Max(1, (long)Math.Ceiling(wait.TotalMilliseconds)) : null;

    /// <summary>The trailers that go with <paramref name="exception"/>'s status: a retry-after for a rate limit.</summary>
    public static Metadata Trailers(Exception exception)
    {
        var trailers = new Metadata();
        if (RetryAfterMs(exception) is { } ms)
        {
            trailers.Add(RetryAfterTrailer, ms.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return trailers;
    }

    /// <summary>The status for <paramref name="exception"/>, or null when it is not a known failure (then: INTERNAL, logged).</summary>
    public static Status? TryMap(Exception exception) => exception switch
    {
        RpcException rpc => rpc.Status,
        ClusterException cluster => new Status(ToStatusCode(cluster.Code), cluster.Message),
        WickrException wickr => new Status(
            wickr.Error is WickrError.Signature or WickrError.Chain ? StatusCode.Unauthenticated : StatusCode.InvalidArgument,
            wickr.Message),
        SiloUnavailableException or OrleansMessageRejectionException or GatewayTooBusyException
            or ConnectionFailedException or ClientNotAvailableException
            => new Status(StatusCode.Unavailable, "The cluster is unavailable; retry shortly."),
        TimeoutException => new Status(StatusCode.DeadlineExceeded, "The cluster did not answer in time; retry shortly."),
        InconsistentStateException => new Status(StatusCode.Aborted, "A concurrent change interfered; retry."),
        _ => null,
    };
}
