namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>An answer of <see cref="INodeRemovalLogGrain.SinceAsync"/>.</summary>
/// <param name="Incarnation">The log's current incarnation.</param>
/// <param name="Position">The position after the last removal listed: ask from here next time.</param>
/// <param name="NodeIdentifiers">The nodes removed since the position asked for.</param>
/// <param name="Complete">
/// False when the log cannot say what happened since the position asked for (another incarnation, or removals
/// already forgotten): the reader must treat every node as possibly removed.
/// </param>
[Alias("wickr.node-removals.v1")]
[GenerateSerializer, Immutable]
public sealed record NodeRemovals(
    [property: Id(0)] Guid Incarnation,
    [property: Id(1)] long Position,
    [property: Id(2)] byte[][] NodeIdentifiers,
    [property: Id(3)] bool Complete);
