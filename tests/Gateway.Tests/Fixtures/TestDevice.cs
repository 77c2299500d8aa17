using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.EphemeralKeys;
using Wickr.Cluster.Protocol.Identity;
using Wickr.Cluster.Protocol.Packets;
using ProtocolKey = Wickr.Cluster.Protocol.Identity.SignedEphemeralKey;

namespace Wickr.Cluster.Gateway.Tests.Fixtures;

/// <summary>A device of a <see cref="TestUser"/>: real node key signed by the root, its own ephemeral key pool, a token.</summary>
public sealed class TestDevice : IDisposable
{
    internal TestDevice(TestUser user)
    {
        User = user;
        NodeKey = EcKeyPair.Generate();
        NodeSignature = EcdsaSignature.Sign(user.RootKey, NodeKey.PublicKey.Encoded);
        Pool = new EphemeralKeyPool(P521Suite.Instance, NodeKey);
    }

    public TestUser User { get; }

    public byte[] NodeIdentifier { get; } = RandomNumberGenerator.GetBytes(32);

    public byte[] DevId { get; } = RandomNumberGenerator.GetBytes(32);

    public EcKeyPair NodeKey { get; }

    public byte[] NodeSignature { get; }

    public EphemeralKeyPool Pool { get; }

    public string? Token { get; set; }

    public IdentityChain Chain => new(User.Root, new NodeIdentity(NodeIdentifier, NodeKey.PublicKey, NodeSignature));

    public LocalNode Local => new(Chain, DevId);

    public Metadata Headers => new() { { "authorization", "Bearer " + Token } };

    internal NodeRecord Record() => new()
    {
        NodeIdentifier = ByteString.CopyFrom(NodeIdentifier),
        NodePublicKey = ByteString.CopyFrom(NodeKey.PublicKey.Encoded),
        NodeSignature = ByteString.CopyFrom(NodeSignature),
        DevId = ByteString.CopyFrom(DevId),
    };

    internal static EphemeralKey ToProto(ProtocolKey key) => new()
    {
        KeyId = key.KeyId,
        PublicKey = ByteString.CopyFrom(key.PublicKey.Encoded),
        Signature = ByteString.CopyFrom(key.NodeSignature),
    };

    internal static ProtocolKey FromProto(EphemeralKey key) =>
        new(key.KeyId, EcPublicKey.Decode(key.PublicKey.Span), key.Signature.Span);

    /// <summary>The node's signature over a challenge, with ClientLib's canonical bytes.</summary>
    public byte[] SignChallenge(ReadOnlySpan<byte> nonce) =>
        EcdsaSignature.Sign(NodeKey, RequestSignatures.Auth(NodeIdentifier, nonce));

    /// <summary>A real v4 packet from this device to <paramref name="recipient"/>, encrypted to one of its ephemeral keys.</summary>
    public byte[] PacketTo(TestDevice recipient, ProtocolKey recipientKey, byte[] body)
    {
        var target = new RecipientNode(recipient.Chain, recipient.DevId, recipientKey);
        var message = new PlainMessage(new PacketMetadata(0, 0, [], 0), body);
        return new PacketEncoder().Encode(new PacketSender(Chain, NodeKey), [(target, recipient.User.Root)], message);
    }

    /// <summary>A real packet to <paramref name="recipient"/> using a key generated on its pool (no claim needed).</summary>
    public byte[] PacketTo(TestDevice recipient, int bodyBytes = 100) =>
        PacketTo(recipient, recipient.Pool.Generate(1)[0], RandomNumberGenerator.GetBytes(bodyBytes));

    public void Dispose()
    {
        Pool.Dispose();
        NodeKey.Dispose();
    }
}
