using Wickr.Cluster.Grains.Interfaces;
namespace Wickr.Cluster.Grains.Nodes;

/// <summary>The persisted node: its chain, and the sequence block reserved for its mailbox.</summary>
[Alias("wickr.node-state.v1")]
[GenerateSerializer]
internal sealed class NodeState
{
    /// <summary>The chain while the node is attached to a root; null before attachment and after removal.</summary>
    [Id(0)]
    public NodeChain? Chain { get; set; }

    /// <summary>
    /// Sequences up to this value may have been handed out. Persisted once per block so that sequences never go
    /// back, even after the mailbox has emptied and the grain re-activated.
    /// </summary>
    [Id(1)]
    public long ReservedSequence { get; set; }
}
