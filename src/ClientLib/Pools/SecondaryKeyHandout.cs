using Wickr.Cluster.Protocol.Identity;

namespace Wickr.Cluster.ClientLib.Pools;

/// <summary>Secondary keys a message hands to one recipient node.</summary>
/// <param name="NodeIdentifier">The recipient node they are meant for (32 bytes).</param>
/// <param name="Keys">Signed one-time public keys of the sending node.</param>
public sealed record SecondaryKeyHandout(byte[] NodeIdentifier, IReadOnlyList<SignedEphemeralKey> Keys);
