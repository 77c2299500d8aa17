using Wickr.Cluster.Protocol.Identity;

namespace Wickr.Cluster.Protocol.Packets;

/// <summary>The receiving device as the decoder sees it: its chain (IDn finds its exchange, PKr enters the KDF info) and its dev_id.</summary>
/// <param name="Chain">This device's root → node chain.</param>
/// <param name="DevId">This device's message id (<c>msg_proto_id</c>).</param>
public sealed record LocalNode(IdentityChain Chain, byte[] DevId);
