using Microsoft.Extensions.DependencyInjection;
using Wickr.Cluster.Gateway.Auth;
using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Gateway.Messages;

/// <summary>
/// Doorbells of ended Subscribe streams, kept answering until the node grain's subscription of them has lapsed. A
/// ring can still arrive after its stream ended — from a node grain activation the unsubscribe did not reach (its silo
/// was stopping, or a second activation during a move) — and a ring for an object reference this gateway already
/// deleted is logged by Orleans as an error per ring. A retired doorbell swallows such rings (it coalesces them, so it
/// holds no more than its counters) and its reference is deleted once the subscription would have expired anyway.
/// </summary>
internal sealed class RetiredDoorbells(IGrainFactory grains, [FromKeyedServices(GatewayClock.Key)] TimeProvider time) : IDisposable
{
    /// <summary>
    /// Most retired doorbells held at once; the oldest is deleted early beyond it, so a device that opens and ends
    /// streams in a loop costs this gateway bounded memory (at worst, a late ring to it is logged).
    /// </summary>
    public const int Capacity = 10_000;

    // The doorbell itself is held too: Orleans keeps only a weak reference to a local object, and one collected early
    // would be logged as a warning when a late ring finds it gone.
    private readonly Queue<(DateTimeOffset Lapses, INodeObserver Reference, NodeDoorbell Doorbell)> _retired = new();
    private readonly Lock _gate = new();

    /// <summary>Retired doorbells not yet deleted.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _retired.Count;
            }
        }
    }

    /// <summary>
    /// Keeps <paramref name="doorbell"/> and its object reference <paramref name="reference"/> (an ended stream's) registered until
    /// <paramref name="subscriptionLifetime"/> from now, and deletes those retired earlier whose time has come. A zero
    /// lifetime (the stream never subscribed) deletes it at once.
    /// </summary>
    public void Retire(NodeDoorbell doorbell, INodeObserver reference, TimeSpan subscriptionLifetime)
    {
        var now = time.GetUtcNow();
        var due = new List<INodeObserver>();
        lock (_gate)
        {
            if (subscriptionLifetime > TimeSpan.Zero)
            {
                _retired.Enqueue((now + subscriptionLifetime, reference, doorbell));
            }
            else
            {
                due.Add(reference);
            }

            // Every stream retires with the same lifetime, so the queue is in lapse order and its head is all that is due.
            while (_retired.Count > 0 && (_retired.Peek().Lapses <= now || _retired.Count > Capacity))
            {
                due.Add(_retired.Dequeue().Reference);
            }
        }

        foreach (var lapsed in due)
        {
            grains.DeleteObjectReference<INodeObserver>(lapsed);
        }
    }

    /// <summary>Deletes every retired doorbell (the gateway is stopping).</summary>
    public void Dispose()
    {
        List<INodeObserver> all;
        lock (_gate)
        {
            all = [.. _retired.Select(r => r.Reference)];
            _retired.Clear();
        }

        foreach (var reference in all)
        {
            grains.DeleteObjectReference<INodeObserver>(reference);
        }
    }
}
