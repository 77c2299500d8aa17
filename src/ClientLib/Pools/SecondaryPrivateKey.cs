using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.ClientLib.Pools;

/// <summary>The private half of one secondary key, kept by the device that handed its public half out.</summary>
/// <param name="KeyId">IDken, in the secondary id space (at or above <see cref="SecondaryKeyPool.IdBase"/>).</param>
/// <param name="Key">KEn; owned by the pool.</param>
/// <param name="PeerNodeHex">The contact device it was handed to.</param>
/// <param name="IssuedAt">When it was handed out.</param>
public sealed record SecondaryPrivateKey(ulong KeyId, EcKeyPair Key, string PeerNodeHex, DateTimeOffset IssuedAt);
