namespace Wickr.Cluster.Gateway.Connections;

/// <summary>
/// Calls whose single request message has not yet arrived whole (<see cref="RequestBodyDeadline"/>): how many slow
/// bodies the gateway holds now, in all and on each connection. A connection may hold at most
/// <see cref="GatewayConnectionOptions.MaxPendingBodiesPerConnection"/> of them: a well-behaved client's bodies arrive
/// within a round trip or two, while each unfinished one holds a stream's buffers until its deadline.
/// </summary>
internal sealed class PendingRequestBodies
{
    private readonly Dictionary<string, int> _byConnection = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _count;

    /// <summary>The calls waiting for their request body now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>One more call waits for its body on <paramref name="connectionId"/>, unless that connection already holds <paramref name="maxPerConnection"/>.</summary>
    public bool TryAdd(string connectionId, int maxPerConnection)
    {
        lock (_gate)
        {
            var held = _byConnection.GetValueOrDefault(connectionId);
            if (held >= maxPerConnection)
            {
                return false;
            }

            _byConnection[connectionId] = held + 1;
            _count++;
            return true;
        }
    }

    /// <summary>A call's body on <paramref name="connectionId"/> arrived, or the call ended.</summary>
    public void Remove(string connectionId)
    {
        lock (_gate)
        {
            if (--_byConnection[connectionId] == 0)
            {
                _byConnection.Remove(connectionId);
            }

            _count--;
        }
    }
}
