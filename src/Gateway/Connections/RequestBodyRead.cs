namespace Wickr.Cluster.Gateway.Connections;

/// <summary>
/// An HTTP feature of a call with one request message, counted in <see cref="PendingRequestBodies"/> until it is set:
/// once gRPC has read the request whole and the handler starts, or once the deadline has cut the call.
/// </summary>
internal sealed class RequestBodyRead
{
    private readonly PendingRequestBodies _pending;
    private readonly string _connectionId;
    private int _set;

    /// <summary>A call already counted in <paramref name="pending"/> on <paramref name="connectionId"/> (<see cref="PendingRequestBodies.TryAdd"/>).</summary>
    public RequestBodyRead(PendingRequestBodies pending, string connectionId)
    {
        _pending = pending;
        _connectionId = connectionId;
    }

    /// <summary>Sets it; true for the one caller that did (the others find it set).</summary>
    public bool TrySet()
    {
        if (Interlocked.Exchange(ref _set, 1) != 0)
        {
            return false;
        }

        _pending.Remove(_connectionId);
        return true;
    }
}
