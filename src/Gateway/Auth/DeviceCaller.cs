using Google.Protobuf;
using Wickr.Cluster.Gateway.Errors;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Gateway.Auth;

/// <summary>An authenticated device: the node its token names, checked to be still registered with the same keys.</summary>
/// <param name="Chain">The node's current identity chain.</param>
/// <param name="NodeKey">The node's public key, decoded once per cached chain: the key the caller's packets and uploads are signed with.</param>
internal sealed record DeviceCaller(NodeChain Chain, EcPublicKey NodeKey)
{
    public byte[] NodeIdentifier => Chain.Node.NodeId;

    public byte[] RootIdentifier => Chain.RootIdentifier;

    /// <summary>When the token of this call expires; a Subscribe stream ends then.</summary>
    public DateTimeOffset TokenExpiresAt { get; init; } = DateTimeOffset.MaxValue;

    /// <summary>
    /// A [device] call acts on the caller's own node only. An optional node_identifier field makes the target explicit;
    /// empty means the caller's node, anything else is refused.
    /// </summary>
    public void RequireOwnNode(ByteString requested)
    {
        if (!requested.IsEmpty && NodeId.Problem(requested.Length) is { } problem)
        {
            throw GatewayErrors.Invalid($"node_identifier: {problem}.");
        }

        if (!requested.IsEmpty && !requested.Span.SequenceEqual(NodeIdentifier))
        {
            throw GatewayErrors.PermissionDenied("node_identifier: a device may act only on its own node.");
        }
    }
}
