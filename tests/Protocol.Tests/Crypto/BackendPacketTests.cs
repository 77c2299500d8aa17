using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.EphemeralKeys;
using Wickr.Cluster.Protocol.Identity;
using Wickr.Cluster.Protocol.Packets;
using Wickr.Cluster.Protocol.Tests.Interop;

namespace Wickr.Cluster.Protocol.Tests.Crypto;

/// <summary>
/// The reference vectors under each P-521 backend in one process (the Interop tests run on the process default; run
/// them with <c>WICKR_CRYPTO_BACKEND=managed</c> too), and packets made on one backend opened on the other.
/// </summary>
public sealed class BackendPacketTests
{
    public static TheoryData<string, string> PacketCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in InteropVectors.Section("packets").Select(c => c.Str("name")))
        {
            data.Add(Backends.Managed, name);
            data.Add(Backends.OpenSsl, name);
        }

        return data;
    }

    public static TheoryData<string> TamperedCases() => [.. InteropVectors.Section("tampered").Select(c => c.Str("name"))];

    [Theory]
    [MemberData(nameof(PacketCases))]
    public void Every_reference_packet_decodes_on_the_backend(string backendName, string name)
    {
        if (Backends.Get(backendName) is not { } backend)
        {
            return;
        }

        var suite = new P521Suite(backend);
        var testCase = InteropVectors.Section("packets").Single(c => c.Str("name") == name);
        var sender = VectorIdentities.Chain(testCase.GetProperty("sender"));
        var expected = VectorIdentities.Expected(testCase);
        foreach (var recipient in testCase.GetProperty("recipients").EnumerateArray())
        {
            var me = VectorIdentities.Local(recipient);
            VectorIdentities.EphemeralKey(recipient).Validate(suite, me.Chain.Node.PublicKey);
            using var pool = VectorIdentities.PoolWith(recipient);

            var decoded = new PacketDecoder(suite).Decode(testCase.Hex("packet"), sender, me, pool);

            Assert.True(expected.Metadata == decoded.Message.Metadata, name);
            Assert.Equal(expected.Body, decoded.Message.Body);
        }
    }

    [Theory]
    [MemberData(nameof(TamperedCases))]
    public void A_tampered_packet_gets_the_same_verdict_on_both_backends(string name)
    {
        if (Backends.OpenSslOnLinux() is not { } openSsl)
        {
            return;
        }

        var entry = InteropVectors.Section("tampered").Single(c => c.Str("name") == name);
        var baseCase = InteropVectors.Section("packets").Single(c => c.Str("name") == entry.Str("base"));
        var recipient = baseCase.GetProperty("recipients")[entry.GetProperty("recipient_index").GetInt32()];

        var managed = Verdict(EcBackend.Managed, entry, baseCase, recipient);
        var native = Verdict(openSsl, entry, baseCase, recipient);

        Assert.Equal(managed, native);
    }

    [Fact]
    public void A_packet_encoded_on_one_backend_decodes_on_the_other()
    {
        if (Backends.OpenSslOnLinux() is not { } openSsl)
        {
            return;
        }

        foreach (var (encodeOn, decodeOn) in new[] { (EcBackend.Managed, openSsl), (openSsl, EcBackend.Managed) })
        {
            var encoding = new P521Suite(encodeOn);
            var decoding = new P521Suite(decodeOn);
            using var senderRoot = encoding.GenerateKeyPair();
            using var senderNode = encoding.GenerateKeyPair();
            var senderChain = Chain(encoding, senderRoot, senderNode);
            using var recipientRoot = decoding.GenerateKeyPair();
            using var recipientNode = decoding.GenerateKeyPair();
            var recipientChain = Chain(decoding, recipientRoot, recipientNode);
            using var pool = new EphemeralKeyPool(decoding, recipientNode);
            var ephemeral = pool.Generate(1)[0];
            var devId = new byte[ProtocolSizes.DevId];
            devId[0] = 7;
            var message = new PlainMessage(new PacketMetadata(3600, 0, "tag"u8.ToArray(), 1000), "across backends"u8.ToArray());

            var packet = new PacketEncoder(encoding).Encode(
                new PacketSender(senderChain, senderNode), [(new RecipientNode(recipientChain, devId, ephemeral), recipientChain.Root)], message);
            var decoded = new PacketDecoder(decoding).Decode(packet, senderChain, new LocalNode(recipientChain, devId), pool);

            Assert.Equal(message.Body, decoded.Message.Body);
            Assert.Equal(0, pool.Count);
        }
    }

    private static IdentityChain Chain(ICryptoSuite suite, EcKeyPair root, EcKeyPair node)
    {
        var rootIdentifier = new byte[32];
        rootIdentifier[0] = 1;
        var nodeIdentifier = new byte[ProtocolSizes.NodeIdentifier];
        Random.Shared.NextBytes(nodeIdentifier);
        return new IdentityChain(new RootIdentity(rootIdentifier, root.PublicKey), new NodeIdentity(nodeIdentifier, node.PublicKey, suite.Sign(root, node.PublicKey.Encoded)));
    }

    private static string Verdict(EcBackend backend, System.Text.Json.JsonElement entry, System.Text.Json.JsonElement baseCase, System.Text.Json.JsonElement recipient)
    {
        var sender = VectorIdentities.Chain(baseCase.GetProperty("sender"));
        using var pool = VectorIdentities.PoolWith(recipient);
        try
        {
            var decoded = new PacketDecoder(new P521Suite(backend)).Decode(entry.Hex("packet"), sender, VectorIdentities.Local(recipient), pool);
            return "ok:" + Convert.ToHexString(decoded.Message.Body);
        }
        catch (WickrException ex)
        {
            return ex.Error.ToString();
        }
    }
}
