using Wickr.Cluster.Protocol.Identity;

namespace Wickr.Cluster.ClientLib.Pools;

/// <summary>A signed one-time public key a contact device handed to this device, checked against that device's node key.</summary>
/// <param name="PeerNodeHex">The contact device that owns the private half.</param>
/// <param name="Key">IDken, PKEn and SKn(PKEn).</param>
/// <param name="ReceivedAt">When it arrived; it is used only within <see cref="SecondaryKeyPolicy.UseWithin"/>.</param>
public sealed record SecondaryPublicKey(string PeerNodeHex, SignedEphemeralKey Key, DateTimeOffset ReceivedAt);
