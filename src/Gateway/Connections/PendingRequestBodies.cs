namespace Wickr.Cluster.Gateway.Connections;

/// <summary>Calls whose single request message has not yet arrived whole (<see cref="RequestBodyDeadline"/>): how many slow bodies the gateway holds now.</summary>
internal sealed class PendingRequestBodies
{
    private int _count;

    /// <summary>The calls waiting for their request body now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>One more call waits for its body.</summary>
    public void Add() => Interlocked.Increment(ref _count);

    /// <summary>A call's body arrived, or the call ended.</summary>
    public void Remove() => Interlocked.Decrement(ref _count);
}
