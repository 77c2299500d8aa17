using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Gateway.Auth;

/// <summary>
/// The node chains that authentication needs, kept between requests so a [device] call costs no grain call of its
/// own. A removed node's chain is dropped when <see cref="INodeRemovalLogGrain"/> reports the removal, which the
/// gateway asks every quarter of <see cref="GatewayOptions.NodeCacheBound"/>; and the cache answers only while its
/// last complete look at that log started less than the bound ago. So a removed node's token is accepted for at most
/// <see cref="GatewayOptions.NodeCacheBound"/> after the removal returned (not at all on the gateway that carried
/// it out), and if the log cannot be read every request asks the node grain again.
/// </summary>
internal sealed class NodeChainCache(IGrainFactory grains, IOptions<GatewayOptions> options, [FromKeyedServices(GatewayClock.Key)] TimeProvider time)
{
    /// <summary>Entries at most; past it the cache starts over (a bound on memory, not a policy).</summary>
    public const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, NodeChainCacheEntry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _pollGate = new();
    private Guid _incarnation;
    private long _position;
    private long _generation;
    private long _freshSinceTimestamp = long.MinValue;

    /// <summary>Changes whenever an entry may have become stale; a fetch that began under another value is not kept.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The cached chain of a node, if the cache is fresh and holds it.</summary>
    public bool TryGet(byte[] nodeIdentifier, out NodeChainCacheEntry entry)
    {
        entry = null!;
        return IsFresh() && _entries.TryGetValue(GrainKeys.ForNode(nodeIdentifier), out entry!);
    }

    /// <summary>Keeps a chain fetched from the node grain, unless a removal was seen since the fetch began.</summary>
    public NodeChainCacheEntry Add(NodeChain chain, long generationAtFetch)
    {
        var entry = NodeChainCacheEntry.For(chain);
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        var key = GrainKeys.ForNode(chain.Node.NodeId);
        _entries[key] = entry;
        if (Generation != generationAtFetch)
        {
            // A removal may have been applied while the chain was on its way: do not keep what may be stale.
            _entries.TryRemove(key, out _);
        }

        return entry;
    }

    /// <summary>Drops one node at once (this gateway carried out its removal).</summary>
    public void Forget(byte[] nodeIdentifier)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(GrainKeys.ForNode(nodeIdentifier), out _);
    }

    /// <summary>Reads the removal log once and drops what it reports; the cache is fresh for a bound from the call's start.</summary>
    public async Task PollAsync()
    {
        var started = time.GetTimestamp();
        Guid incarnation;
        long position;
        lock (_pollGate)
        {
            (incarnation, position) = (_incarnation, _position);
        }

        var removals = await grains.GetGrain<INodeRemovalLogGrain>(0).SinceAsync(incarnation, position);
        lock (_pollGate)
        {
            if (_incarnation != incarnation || _position != position)
            {
                return; // Another poll got there first.
            }

            if (!removals.Complete)
            {
                Interlocked.Increment(ref _generation);
                _entries.Clear();
            }
            else if (removals.NodeIdentifiers.Length > 0)
            {
                Interlocked.Increment(ref _generation);
                foreach (var node in removals.NodeIdentifiers)
                {
                    _entries.TryRemove(GrainKeys.ForNode(node), out _);
                }
            }

            (_incarnation, _position) = (removals.Incarnation, removals.Position);
            Interlocked.Exchange(ref _freshSinceTimestamp, started);
        }
    }

    private bool IsFresh()
    {
        var since = Interlocked.Read(ref _freshSinceTimestamp);
        return since != long.MinValue && time.GetElapsedTime(since) <= options.Value.NodeCacheBound;
    }
}
