using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Identity;

namespace Wickr.Cluster.Protocol.Packets;

/// <summary>
/// Builds v4 packets (the paper's "Sending a Message"): one random packet key encrypts the payload, one fresh
/// ephemeral key pair per packet agrees a key with each recipient's ephemeral key, each agreement wraps the packet
/// key with AES-256-CTR, the key exchange list is encrypted under K_header, and the sender's node key signs it all.
/// </summary>
public sealed class PacketEncoder(ICryptoSuite suite)
{
    /// <summary>Most recipient nodes one packet may carry.</summary>
    public const int MaxRecipients = 1024;

    /// <summary>Largest body accepted (64 MiB).</summary>
    public const int MaxBodySize = 64 * 1024 * 1024;

    // Measured (bench/ClientLib.Bench, KeyExchangeFanOutBenchmarks, two cores): spreading shortens the wall time from 2
    // recipients on (0.6-0.7×), but costs 5-30 % more CPU time (hand-offs, thread-pool spinning). Below 8 recipients the
    // exchanges take under ~2.5 ms, too little for the saving to be felt and enough for the extra CPU (battery) to
    // count; from 8 on the latency gain is worth it. On a single core there is nothing to spread over.
    private const int ParallelThreshold = 8;

    /// <summary>An encoder on the reference suite.</summary>
    public PacketEncoder()
        : this(P521Suite.Instance)
    {
    }

    /// <summary>
    /// Encrypts <paramref name="message"/> to every node in <paramref name="recipients"/>, each paired with the root
    /// its user is expected to have. Every recipient is validated first (ephemeral key signed by node, node by root,
    /// root is the expected one); nothing is encrypted when one fails.
    /// </summary>
    public byte[] Encode(PacketSender sender, IReadOnlyList<(RecipientNode Node, RootIdentity ExpectedRoot)> recipients, PlainMessage message)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(message);
        ValidateArguments(recipients, message);

        // Step 4 of "Prepare Key Exchange Data", for every recipient, before any key material is made.
        foreach (var (node, expectedRoot) in recipients)
        {
            node.Validate(suite, expectedRoot);
        }

        if (!sender.NodeKey.PublicKey.Equals(sender.Chain.Node.PublicKey))
        {
            throw new WickrException(WickrError.InvalidArgument, "the sender's node key does not match its chain");
        }

        using var packetKey = CipherKey.Generate(CipherId.Aes256Gcm);
        var payload = PayloadCodec.Encode(message);
        var encryptedPayload = suite.Encrypt(packetKey, payload);
        CryptographicOperations.ZeroMemory(payload);

        using var senderEphemeral = suite.GenerateKeyPair();
        var wrappedKey = packetKey.Encode();
        try
        {
            var exchanges = new KeyExchangeEntry[recipients.Count];
            var senderRoot = sender.Chain.Root.PublicKey;
            if (recipients.Count >= ParallelThreshold && Environment.ProcessorCount > 1)
            {
                try
                {
                    Parallel.For(0, recipients.Count, i => exchanges[i] = Exchange(senderEphemeral, senderRoot, recipients[i].Node, wrappedKey));
                }
                catch (AggregateException ex) when (ex.InnerExceptions[0] is WickrException first)
                {
                    // The same typed error a sequential run would throw, not the thread pool's wrapper.
                    ExceptionDispatchInfo.Throw(first);
                }
            }
            else
            {
                for (var i = 0; i < recipients.Count; i++)
                {
                    exchanges[i] = Exchange(senderEphemeral, senderRoot, recipients[i].Node, wrappedKey);
                }
            }

            var header = KeyExchangeSet.Encode(senderEphemeral.PublicKey.Encoded, exchanges);
            using var headerKey = PacketKeys.HeaderKey(sender.Chain.Root.Identifier, sender.Chain.Node.Identifier);
            var encryptedHeader = suite.Encrypt(headerKey, header);
            return PacketFrame.Sign(suite, PacketVersion.Current, encryptedHeader, encryptedPayload, sender.NodeKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrappedKey);
        }
    }

    private KeyExchangeEntry Exchange(EcKeyPair senderEphemeral, EcPublicKey senderRoot, RecipientNode node, byte[] wrappedKey)
    {
        var secret = suite.AgreeSecret(senderEphemeral, node.EphemeralKey.PublicKey);
        try
        {
            using var exchangeKey = PacketKeys.ExchangeKey(suite, PacketVersion.Current, secret, senderRoot, node.Chain.Root.PublicKey, node.DevId);
            return new KeyExchangeEntry(node.Chain.Node.Identifier, node.EphemeralKey.KeyId, suite.Encrypt(exchangeKey, wrappedKey));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private static void ValidateArguments(IReadOnlyList<(RecipientNode Node, RootIdentity ExpectedRoot)> recipients, PlainMessage message)
    {
        if (recipients.Count == 0 || recipients.Count > MaxRecipients)
        {
            throw new WickrException(WickrError.InvalidArgument, $"a packet has 1 to {MaxRecipients} recipient nodes, not {recipients.Count}");
        }

        var seen = new HashSet<string>(recipients.Count);
        foreach (var (node, _) in recipients)
        {
            if (!seen.Add(node.Chain.Node.IdentifierHex))
            {
                throw new WickrException(WickrError.InvalidArgument, $"node {node.Chain.Node.IdentifierHex} is named twice among the recipients");
            }
        }

        if (message.Body.Length > MaxBodySize)
        {
            throw new WickrException(WickrError.InvalidArgument, $"a body has at most {MaxBodySize} bytes");
        }

        if (message.Metadata.ChannelTag.Length > PacketMetadata.MaxChannelTagSize)
        {
            throw new WickrException(WickrError.InvalidArgument, $"a channel tag has at most {PacketMetadata.MaxChannelTagSize} bytes");
        }
    }
}
