using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Identity;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.Protocol.Tests.Crypto;

/// <summary>
/// A key exchange that fails while the encoder spreads the recipients over threads (9 recipients: above its parallel
/// threshold) still ends in the typed error a sequential run gives, not in the thread pool's AggregateException.
/// </summary>
public sealed class KeyExchangeErrorTests
{
    public static TheoryData<string> Backends => Crypto.Backends.Names;

    [Theory]
    [MemberData(nameof(Backends))]
    public void An_invalid_ephemeral_point_among_several_recipients_is_a_parse_error(string name)
    {
        if (Crypto.Backends.Get(name) is not { } backend)
        {
            return;
        }

        var suite = new P521Suite(backend);
        using var senderRoot = suite.GenerateKeyPair();
        using var senderNode = suite.GenerateKeyPair();
        var sender = new PacketSender(Chain(suite, senderRoot, senderNode), senderNode);
        var keys = new List<EcKeyPair>();
        try
        {
            var recipients = new List<(RecipientNode, RootIdentity)>();
            for (var i = 0; i < 9; i++)
            {
                var root = suite.GenerateKeyPair();
                var node = suite.GenerateKeyPair();
                var ephemeral = suite.GenerateKeyPair();
                keys.AddRange([root, node, ephemeral]);
                var encoded = ephemeral.PublicKey.ToArray();
                if (i == 5)
                {
                    encoded[^1] ^= 1; // off the curve, yet properly signed by the node: only the key exchange can notice
                }

                var signed = new SignedEphemeralKey((ulong)(i + 1), EcPublicKey.DecodeUnchecked(encoded), suite.Sign(node, encoded));
                var chain = Chain(suite, root, node);
                recipients.Add((new RecipientNode(chain, Enumerable.Repeat((byte)(i + 1), ProtocolSizes.DevId).ToArray(), signed), chain.Root));
            }

            var message = new PlainMessage(new PacketMetadata(60, 0, [], 0), "body"u8.ToArray());

            var error = Assert.Throws<WickrException>(() => new PacketEncoder(suite).Encode(sender, recipients, message));

            Assert.Equal(WickrError.Parse, error.Error);
        }
        finally
        {
            keys.ForEach(k => k.Dispose());
        }
    }

    private static IdentityChain Chain(ICryptoSuite suite, EcKeyPair root, EcKeyPair node)
    {
        var rootIdentifier = new byte[32];
        var nodeIdentifier = new byte[ProtocolSizes.NodeIdentifier];
        Random.Shared.NextBytes(rootIdentifier);
        Random.Shared.NextBytes(nodeIdentifier);
        return new IdentityChain(new RootIdentity(rootIdentifier, root.PublicKey), new NodeIdentity(nodeIdentifier, node.PublicKey, suite.Sign(root, node.PublicKey.Encoded)));
    }
}
