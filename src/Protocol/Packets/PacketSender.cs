using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Identity;

namespace Wickr.Cluster.Protocol.Packets;

/// <summary>The sending node: its public chain (root and node identifiers enter K_header) and its node signing key Kn.</summary>
/// <param name="Chain">The sender's own root → node chain.</param>
/// <param name="NodeKey">Kn, which signs every packet.</param>
public sealed record PacketSender(IdentityChain Chain, EcKeyPair NodeKey);
