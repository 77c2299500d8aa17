using Grpc.Core;
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
        ClusterErrorCode.Unavailable => StatusCode.Unavailable,
        ClusterErrorCode.Timeout => StatusCode.DeadlineExceeded,
        ClusterErrorCode.Aborted => StatusCode.Aborted,
        ClusterErrorCode.Internal => StatusCode.Internal,
        _ => StatusCode.Internal,
    };

    /// <summary>The status for a failure carried as its code and message (a send's outcome for one recipient).</summary>
    public static Status ToStatus(ClusterErrorCode code, string message) => new(ToStatusCode(code), message);

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

    /// <summary>
    /// The status for <paramref name="exception"/>, or null when it is not a known failure (then: INTERNAL, logged). Grain
    /// calls' failures are described by <see cref="ClusterFailures"/>, the same list a send's per-recipient outcome uses.
    /// </summary>
    public static Status? TryMap(Exception exception) => exception switch
    {
        RpcException rpc => rpc.Status,
        WickrException wickr => new Status(
            wickr.Error is WickrError.Signature or WickrError.Chain ? StatusCode.Unauthenticated : StatusCode.InvalidArgument,
            wickr.Message),
        _ => ClusterFailures.Describe(exception) is { } failure ? ToStatus(failure.Code, failure.Message) : null,
    };
}
