namespace Wickr.Cluster.Gateway.Connections;

/// <summary>
/// An HTTP feature of a call with one request message, counted in <see cref="PendingRequestBodies"/> until it is set:
/// once gRPC has read the request whole and the handler starts, or once the deadline has cut the call.
/// </summary>
internal sealed class RequestBodyRead
{
    private readonly PendingRequestBodies _pending;
    private int _set;

    public RequestBodyRead(PendingRequestBodies pending)
    {
        _pending = pending;
        pending.Add();
    }

    /// <summary>Sets it; true for the one caller that did (the others find it set).</summary>
    public bool TrySet()
    {
        if (Interlocked.Exchange(ref _set, 1) != 0)
        {
            return false;
        }

        _pending.Remove();
        return true;
    }
}
