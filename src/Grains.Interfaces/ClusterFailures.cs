using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>
/// The one list of what a grain call can fail with, as a <see cref="ClusterErrorCode"/> and a message fit for a client: a
/// grain's own refusal (<see cref="ClusterException"/>) as it was given, and the failures a call meets on its way (a silo
/// gone, no answer in time, a lost storage race) with a fixed message that names no silo, address or other internals.
/// Read where a failure is carried on as data (a send's outcome per recipient) and where it becomes a gRPC status.
/// </summary>
public static class ClusterFailures
{
    /// <summary>The message of <see cref="ClusterErrorCode.Unavailable"/> failures.</summary>
    public const string UnavailableMessage = "The cluster is unavailable; retry shortly.";

    /// <summary>The message of <see cref="ClusterErrorCode.Timeout"/> failures.</summary>
    public const string TimeoutMessage = "The cluster did not answer in time; retry shortly.";

    /// <summary>The message of <see cref="ClusterErrorCode.Aborted"/> failures.</summary>
    public const string AbortedMessage = "A concurrent change interfered; retry.";

    /// <summary>The code and message for <paramref name="exception"/>, or null when it is no known failure (a bug: log it).</summary>
    /// <param name="exception">What a grain call threw.</param>
    public static (ClusterErrorCode Code, string Message)? Describe(Exception exception) => exception switch
    {
        ClusterException cluster => (cluster.Code, cluster.Message),
        SiloUnavailableException or OrleansMessageRejectionException or GatewayTooBusyException
            or ConnectionFailedException or ClientNotAvailableException => (ClusterErrorCode.Unavailable, UnavailableMessage),
        TimeoutException => (ClusterErrorCode.Timeout, TimeoutMessage),
        InconsistentStateException => (ClusterErrorCode.Aborted, AbortedMessage),
        _ => null,
    };
}
