using Grpc.Core;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>A call to the gateway was refused or failed: <see cref="StatusCode"/> is the gRPC status, the message its detail.</summary>
public sealed class WickrClientException : Exception
{
    /// <summary>Creates an exception for a gateway status.</summary>
    public WickrClientException(StatusCode statusCode, string message, Exception? innerException = null)
        : base($"{statusCode}: {message}", innerException)
    {
        StatusCode = statusCode;
        Detail = message;
    }

    /// <summary>Creates an exception of status <see cref="StatusCode.Unknown"/>.</summary>
    public WickrClientException()
        : this(StatusCode.Unknown, "the gateway call failed")
    {
    }

    /// <summary>Creates an exception of status <see cref="StatusCode.Unknown"/> with a message.</summary>
    public WickrClientException(string message)
        : this(StatusCode.Unknown, message)
    {
    }

    /// <summary>Creates an exception of status <see cref="StatusCode.Unknown"/> with a message and a cause.</summary>
    public WickrClientException(string message, Exception innerException)
        : this(StatusCode.Unknown, message, innerException)
    {
    }

    /// <summary>The gRPC status the gateway answered with.</summary>
    public StatusCode StatusCode { get; }

    /// <summary>The gateway's explanation, without the status prefix.</summary>
    public string Detail { get; }

    internal static WickrClientException From(RpcException ex) => new(ex.StatusCode, ex.Status.Detail, ex);
}
