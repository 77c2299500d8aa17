using Wickr.Cluster.Protocol.Identity;

namespace Wickr.Cluster.Protocol.Packets;

/// <summary>The receiving device as the decoder sees it: its chain (IDn finds its exchange, PKr enters the KDF info) and its dev_id.</summary>
/// <param name="Chain">This device's root → node chain.</param>
/// <param name="DevId">This device's <c>dev_id</c> (its <c>msg_proto_id</c>, <see cref="ProtocolSizes.DevId"/> bytes).</param>
public sealed record LocalNode(IdentityChain Chain, byte[] DevId);
