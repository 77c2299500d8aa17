using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Packets;
using Wickr.Cluster.Testing.Protocol;

namespace Wickr.Cluster.Protocol.Tests.Packets;

/// <summary>
/// Garbage and re-signed mutations: whatever a sender (even a malicious one holding a valid node key) puts in a
/// packet, decoding ends in a <see cref="WickrException"/> or in exactly the original message — never another
/// exception type and never a different payload.
/// </summary>
public sealed class PacketFuzzTests : IDisposable
{
    private readonly TestUser _alice = new(1);
    private readonly TestUser _bob = new(1);
    private readonly PlainMessage _message = new(new PacketMetadata(3600, 0, [9, 9], 1), new byte[300]);

    [Fact]
    public void Random_bytes_are_rejected_with_a_typed_error()
    {
        var random = new Random(7);
        var bob = _bob.Devices[0];
        bob.Pool.Generate(1);
        for (var i = 0; i < 500; i++)
        {
            var garbage = new byte[random.Next(0, 2000)];
            random.NextBytes(garbage);
            if (garbage.Length > 1)
            {
                garbage[0] = (byte)random.Next(2, 5);
                garbage[1] = 0;
            }

            Assert.Throws<WickrException>(() => new PacketDecoder().Decode(garbage, _alice.Devices[0].Chain, bob.AsLocal, bob.Pool));
        }
    }

    [Fact]
    public void Re_signed_mutations_of_the_signed_body_are_rejected_or_decode_to_the_original()
    {
        var random = new Random(11);
        var alice = _alice.Devices[0];
        var bob = _bob.Devices[0];
        var lastResort = bob.Pool.GenerateLastResort();
        var recipient = (new RecipientNode(bob.Chain, bob.DevId, lastResort), _bob.Root);
        var packet = new PacketEncoder().Encode(alice.AsSender, [recipient], _message);
        var body = packet.AsSpan(2, packet.Length - 2 - EcdsaSignature.EncodedSize).ToArray();

        var rejected = 0;
        for (var i = 0; i < 400; i++)
        {
            var mutated = (byte[])body.Clone();
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            if (random.Next(4) == 0)
            {
                mutated = mutated[..random.Next(mutated.Length)];
            }

            var resigned = new byte[2 + mutated.Length + EcdsaSignature.EncodedSize];
            resigned[0] = PacketVersion.V4;
            mutated.CopyTo(resigned, 2);
            P521Suite.Instance.Sign(alice.NodeKey, mutated).CopyTo(resigned, 2 + mutated.Length);

            try
            {
                var decoded = new PacketDecoder().Decode(resigned, alice.Chain, bob.AsLocal, bob.Pool);
                Assert.Equal(_message.Body, decoded.Message.Body);
                Assert.True(_message.Metadata == decoded.Message.Metadata);
            }
            catch (WickrException)
            {
                rejected++;
            }
        }

        Assert.True(rejected > 300, $"only {rejected} of 400 mutations were rejected");
    }

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
    }
}
