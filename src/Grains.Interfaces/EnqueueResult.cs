namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>The outcome of an enqueue.</summary>
/// <param name="Sequence">Where the packet sits in the mailbox.</param>
/// <param name="Duplicate">True when a packet with the same message id was already queued; nothing new was stored.</param>
[Alias("wickr.enqueue-result.v1")]
[GenerateSerializer, Immutable]
public sealed record EnqueueResult(
    [property: Id(0)] long Sequence,
    [property: Id(1)] bool Duplicate);
