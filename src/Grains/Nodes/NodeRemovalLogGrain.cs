using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Grains.Nodes;

/// <inheritdoc cref="INodeRemovalLogGrain"/>
[GrainType("wickr-node-removal-log")]
internal sealed class NodeRemovalLogGrain : Grain, INodeRemovalLogGrain
{
    /// <summary>Removals kept; a reader further behind is told to drop everything.</summary>
    public const int Capacity = 4096;

    private readonly Guid _incarnation = Guid.NewGuid();
    private readonly Queue<byte[]> _recent = new();
    private long _position;

    public Task RecordAsync(byte[] nodeIdentifier)
    {
        Require.NodeIdentifier(nodeIdentifier);
        if (_recent.Count == Capacity)
        {
            _recent.Dequeue();
        }

        _recent.Enqueue(nodeIdentifier);
        _position++;
        return Task.CompletedTask;
    }

    public Task<NodeRemovals> SinceAsync(Guid incarnation, long position)
    {
        var oldest = _position - _recent.Count;
        if (incarnation != _incarnation || position < oldest || position > _position)
        {
            return Task.FromResult(new NodeRemovals(_incarnation, _position, [], Complete: false));
        }

        return Task.FromResult(new NodeRemovals(_incarnation, _position, [.. _recent.Skip((int)(position - oldest))], Complete: true));
    }
}
