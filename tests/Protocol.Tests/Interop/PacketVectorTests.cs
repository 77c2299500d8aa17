using System.Text.Json;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Identity;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.Protocol.Tests.Interop;

/// <summary>Every packet of the reference vectors decodes for every recipient to exactly the expected message.</summary>
public sealed class PacketVectorTests
{
    public static TheoryData<string> Cases() => [.. InteropVectors.Section("packets").Select(c => c.Str("name"))];

    private static JsonElement Case(string name) => InteropVectors.Section("packets").Single(c => c.Str("name") == name);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decodes_for_every_recipient(string name)
    {
        var testCase = Case(name);
        var sender = VectorIdentities.Chain(testCase.GetProperty("sender"));
        var packet = testCase.Hex("packet");
        var expected = VectorIdentities.Expected(testCase);
        var recipients = testCase.GetProperty("recipients").EnumerateArray().ToList();
        Assert.NotEmpty(recipients);

        for (var i = 0; i < recipients.Count; i++)
        {
            var recipient = recipients[i];
            var me = VectorIdentities.Local(recipient);
            me.Chain.Validate(P521Suite.Instance);
            VectorIdentities.EphemeralKey(recipient).Validate(P521Suite.Instance, me.Chain.Node.PublicKey);
            using var pool = VectorIdentities.PoolWith(recipient);

            var decoded = new PacketDecoder().Decode(packet, sender, me, pool);

            Assert.True(expected.Metadata == decoded.Message.Metadata, $"{name} recipient {i}: metadata {decoded.Message.Metadata} != {expected.Metadata}");
            Assert.True(expected.Body.AsSpan().SequenceEqual(decoded.Message.Body), $"{name} recipient {i}: body differs");
            Assert.Equal(testCase.GetProperty("version").GetByte(), decoded.Version);
            Assert.Equal(0, pool.Count);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sender_identity_chain_encoding_matches_the_reference(string name)
    {
        var sender = VectorIdentities.Chain(Case(name).GetProperty("sender"));
        var referenceEncoding = Case(name).GetProperty("sender").Hex("id_chain");

        var decoded = IdentityChain.Decode(referenceEncoding);

        Assert.Equal(sender.Root.Identifier, decoded.Root.Identifier);
        Assert.Equal(sender.Node.RootSignature, decoded.Node.RootSignature);
        Assert.True(sender.Node.PublicKey.Equals(decoded.Node.PublicKey), name);
        Assert.Equal(Convert.ToHexStringLower(referenceEncoding), Convert.ToHexStringLower(sender.Encode()));
    }
}
