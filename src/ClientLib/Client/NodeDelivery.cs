using Grpc.Core;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>The outcome of a send for one recipient node.</summary>
/// <param name="RootIdentifierHex">The node's user.</param>
/// <param name="NodeIdentifierHex">The node.</param>
/// <param name="State">What happened.</param>
/// <param name="LastResortKey">True when the node's pool was empty and its last-resort key was used.</param>
/// <param name="Status">The gateway's status for the node (<see cref="StatusCode.OK"/> when queued).</param>
/// <param name="Detail">Why it failed, when it did.</param>
public sealed record NodeDelivery(
    string RootIdentifierHex, string NodeIdentifierHex, DeliveryState State, bool LastResortKey, StatusCode Status, string Detail);
