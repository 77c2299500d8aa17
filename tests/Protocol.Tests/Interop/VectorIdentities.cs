using System.Text.Json;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.EphemeralKeys;
using Wickr.Cluster.Protocol.Identity;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.Protocol.Tests.Interop;

/// <summary>Builds ClientLib objects from the vectors' JSON fields.</summary>
internal static class VectorIdentities
{
    public static IdentityChain Chain(JsonElement party) => new(
        new RootIdentity(party.Hex("root_id"), EcPublicKey.Decode(party.Hex("root_pub"))),
        new NodeIdentity(party.Hex("node_id"), EcPublicKey.Decode(party.Hex("node_pub")), party.Hex("node_sig")));

    public static LocalNode Local(JsonElement recipient) => new(Chain(recipient), recipient.Hex("dev_id"));

    public static SignedEphemeralKey EphemeralKey(JsonElement recipient) => new(
        recipient.GetProperty("eph_key_id").GetUInt64(), EcPublicKey.Decode(recipient.Hex("eph_pub")), recipient.Hex("eph_sig"));

    /// <summary>A device pool holding the recipient's one ephemeral private key, signed by a node key we do not have.</summary>
    public static EphemeralKeyPool PoolWith(JsonElement recipient)
    {
        var pool = new EphemeralKeyPool(P521Suite.Instance, EcKeyPair.Generate());
        pool.Import(recipient.GetProperty("eph_key_id").GetUInt64(), EcKeyPair.ImportDer(recipient.Hex("eph_private_der")));
        return pool;
    }

    public static PlainMessage Expected(JsonElement testCase)
    {
        var x = testCase.GetProperty("expected");
        return new PlainMessage(
            new PacketMetadata(x.GetProperty("ttl").GetUInt64(), x.GetProperty("bor").GetUInt64(), x.Hex("channel_tag"), (ushort)x.GetProperty("content_type").GetUInt32()),
            x.Hex("body"));
    }
}
