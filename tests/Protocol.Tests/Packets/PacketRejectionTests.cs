using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Identity;
using Wickr.Cluster.Protocol.Packets;
using Wickr.Cluster.Protocol.Trust;
using Wickr.Cluster.Testing.Protocol;

namespace Wickr.Cluster.Protocol.Tests.Packets;

/// <summary>What a packet must never do: decode after tampering, decode for a stranger, decode twice, or be made to a broken chain.</summary>
public sealed class PacketRejectionTests : IDisposable
{
    private readonly TestUser _alice = new(2);
    private readonly TestUser _bob = new(1);
    private readonly PlainMessage _message = new(new PacketMetadata(86_400, 60, [1, 2, 3], 7), "burn after reading"u8.ToArray());

    private TestUserDevice Sender => _alice.Devices[0];

    private TestUserDevice Bob => _bob.Devices[0];

    [Fact]
    public void Every_single_bit_flip_is_rejected()
    {
        var packet = new PacketEncoder().Encode(Sender.AsSender, [Bob.ClaimRecipient()], _message);
        var decoder = new PacketDecoder();

        for (var bit = 0; bit < packet.Length * 8; bit++)
        {
            var flipped = (byte[])packet.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            var error = Assert.Throws<WickrException>(() => decoder.Decode(flipped, Sender.Chain, Bob.AsLocal, Bob.Pool));
            Assert.True(error.Error is WickrError.Parse or WickrError.Signature or WickrError.Decrypt, $"bit {bit}: {error.Error}");
        }

        // The key was never consumed by a rejected packet: the genuine one still decodes.
        Assert.Equal(_message.Body, decoder.Decode(packet, Sender.Chain, Bob.AsLocal, Bob.Pool).Message.Body);
    }

    [Fact]
    public void Every_truncation_is_rejected()
    {
        var packet = new PacketEncoder().Encode(Sender.AsSender, [Bob.ClaimRecipient()], _message);
        for (var length = 0; length < packet.Length; length += 7)
        {
            Assert.Throws<WickrException>(() => new PacketDecoder().Decode(packet.AsSpan(0, length), Sender.Chain, Bob.AsLocal, Bob.Pool));
        }
    }

    [Fact]
    public void A_node_that_is_not_a_recipient_cannot_decrypt()
    {
        using var eve = new TestUser(1);
        var packet = new PacketEncoder().Encode(Sender.AsSender, [Bob.ClaimRecipient()], _message);
        eve.Devices[0].Pool.Generate(3);

        var error = Assert.Throws<WickrException>(() => new PacketDecoder().Decode(packet, Sender.Chain, eve.Devices[0].AsLocal, eve.Devices[0].Pool));
        Assert.Equal(WickrError.NotRecipient, error.Error);
    }

    [Fact]
    public void After_a_decode_the_ephemeral_key_is_gone_and_the_packet_cannot_be_decrypted_again()
    {
        var recipient = Bob.ClaimRecipient();
        var packet = new PacketEncoder().Encode(Sender.AsSender, [recipient], _message);
        var keyId = recipient.Node.EphemeralKey.KeyId;

        new PacketDecoder().Decode(packet, Sender.Chain, Bob.AsLocal, Bob.Pool);

        Assert.Null(Bob.Pool.Find(keyId));
        var error = Assert.Throws<WickrException>(() => new PacketDecoder().Decode(packet, Sender.Chain, Bob.AsLocal, Bob.Pool));
        Assert.Equal(WickrError.UnknownKeyId, error.Error);
    }

    [Fact]
    public void The_last_resort_key_survives_use()
    {
        var lastResort = Bob.Pool.GenerateLastResort();
        var recipient = (new RecipientNode(Bob.Chain, Bob.DevId, lastResort), _bob.Root);

        for (var i = 0; i < 2; i++)
        {
            var packet = new PacketEncoder().Encode(Sender.AsSender, [recipient], _message);
            Assert.Equal(_message.Body, new PacketDecoder().Decode(packet, Sender.Chain, Bob.AsLocal, Bob.Pool).Message.Body);
        }
    }

    [Fact]
    public void A_node_key_not_signed_by_the_root_is_refused_before_encoding()
    {
        var forgedNode = new NodeIdentity(Bob.Chain.Node.Identifier, Bob.NodeKey.PublicKey, P521Suite.Instance.Sign(_alice.RootKey, Bob.NodeKey.PublicKey.Encoded));
        var recipient = new RecipientNode(new IdentityChain(_bob.Root, forgedNode), Bob.DevId, Bob.Pool.Generate(1)[0]);

        var error = Assert.Throws<WickrException>(() => new PacketEncoder().Encode(Sender.AsSender, [(recipient, _bob.Root)], _message));
        Assert.Equal(WickrError.Signature, error.Error);
    }

    [Fact]
    public void An_ephemeral_key_not_signed_by_the_node_is_refused_before_encoding()
    {
        var genuine = Bob.Pool.Generate(1)[0];
        var forged = new SignedEphemeralKey(genuine.KeyId, genuine.PublicKey, P521Suite.Instance.Sign(_bob.RootKey, genuine.PublicKey.Encoded));
        var recipient = new RecipientNode(Bob.Chain, Bob.DevId, forged);

        var error = Assert.Throws<WickrException>(() => new PacketEncoder().Encode(Sender.AsSender, [(recipient, _bob.Root)], _message));
        Assert.Equal(WickrError.Signature, error.Error);
    }

    [Fact]
    public void A_chain_to_an_unexpected_root_is_refused_before_encoding()
    {
        using var mallory = new TestUser(1);
        var (node, _) = mallory.Devices[0].ClaimRecipient();

        var error = Assert.Throws<WickrException>(() => new PacketEncoder().Encode(Sender.AsSender, [(node, _bob.Root)], _message));
        Assert.Equal(WickrError.Chain, error.Error);
    }

    [Fact]
    public void A_sender_chain_with_a_bad_root_signature_is_reported_on_decode()
    {
        var packet = new PacketEncoder().Encode(Sender.AsSender, [Bob.ClaimRecipient()], _message);
        using var mallory = new TestUser(1);
        var forgedSender = new IdentityChain(_alice.Root, new NodeIdentity(
            Sender.Chain.Node.Identifier, Sender.NodeKey.PublicKey, P521Suite.Instance.Sign(mallory.RootKey, Sender.NodeKey.PublicKey.Encoded)));

        var error = Assert.Throws<WickrException>(() => new PacketDecoder().Decode(packet, forgedSender, Bob.AsLocal, Bob.Pool));
        Assert.Equal(WickrError.Signature, error.Error);
    }

    [Fact]
    public void A_sender_whose_root_differs_from_the_pin_is_reported_as_not_authenticated()
    {
        var trust = new TrustStore();
        using var impostor = new TestUser(1);
        // Same user id as Alice, a different root key: what a server substituting keys would present.
        var impostorRoot = new RootIdentity(_alice.Root.Identifier, impostor.RootKey.PublicKey);
        var impostorNode = impostor.Devices[0];
        var impostorChain = new IdentityChain(impostorRoot, new NodeIdentity(
            impostorNode.Chain.Node.Identifier, impostorNode.NodeKey.PublicKey, impostorNode.Chain.Node.RootSignature));

        var first = new PacketDecoder().Decode(
            new PacketEncoder().Encode(Sender.AsSender, [Bob.ClaimRecipient()], _message), Sender.Chain, Bob.AsLocal, Bob.Pool, trust);
        var second = new PacketDecoder().Decode(
            new PacketEncoder().Encode(Sender.AsSender, [Bob.ClaimRecipient()], _message), Sender.Chain, Bob.AsLocal, Bob.Pool, trust);
        var spoofed = new PacketDecoder().Decode(
            new PacketEncoder().Encode(new PacketSender(impostorChain, impostorNode.NodeKey), [Bob.ClaimRecipient()], _message),
            impostorChain, Bob.AsLocal, Bob.Pool, trust);

        Assert.Equal(PinStatus.FirstContact, first.SenderPin);
        Assert.Equal(PinStatus.Matches, second.SenderPin);
        Assert.Equal(PinStatus.Mismatch, spoofed.SenderPin);
        Assert.False(spoofed.SenderAuthenticated);
    }

    [Fact]
    public void Bad_arguments_are_refused_with_InvalidArgument()
    {
        var encoder = new PacketEncoder();
        var recipient = Bob.ClaimRecipient();
        Assert.Equal(WickrError.InvalidArgument, Assert.Throws<WickrException>(() => encoder.Encode(Sender.AsSender, [], _message)).Error);
        Assert.Equal(WickrError.InvalidArgument, Assert.Throws<WickrException>(() => encoder.Encode(Sender.AsSender, [recipient, recipient], _message)).Error);
        var wrongKey = new PacketSender(Sender.Chain, _alice.Devices[1].NodeKey);
        Assert.Equal(WickrError.InvalidArgument, Assert.Throws<WickrException>(() => encoder.Encode(wrongKey, [recipient], _message)).Error);
    }

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
    }
}
