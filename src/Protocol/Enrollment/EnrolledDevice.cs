using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Identity;
using Wickr.Cluster.Protocol.Packets;
using Wickr.Cluster.Protocol.Recovery;

namespace Wickr.Cluster.Protocol.Enrollment;

/// <summary>
/// One enrolled device (node) of a user: its private context (Kr, Kn, the chain with SKr(PKn), Klds and Krs) and its
/// identifiers. Disposing zeroes the private keys and storage keys.
/// </summary>
public sealed class EnrolledDevice : IDisposable
{
    /// <summary>Takes ownership of <paramref name="context"/>.</summary>
    public EnrolledDevice(DeviceContext context, DeviceIdentifiers identifiers)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(identifiers);
        Context = context;
        Identifiers = identifiers;
        LocalNode = new LocalNode(context.Chain, identifiers.DevId);
        Sender = new PacketSender(context.Chain, context.NodeKey);
    }

    /// <summary>The device's private context, as exported under a passphrase.</summary>
    public DeviceContext Context { get; }

    /// <summary>The device's identifiers.</summary>
    public DeviceIdentifiers Identifiers { get; }

    /// <summary>The root → node chain, to publish with the node.</summary>
    public IdentityChain Chain => Context.Chain;

    /// <summary>Kn, which signs packets and ephemeral keys.</summary>
    public EcKeyPair NodeKey => Context.NodeKey;

    /// <summary>Klds and Krs.</summary>
    public StorageKeys StorageKeys => Context.StorageKeys;

    /// <summary>The <c>dev_id</c> (<c>msg_proto_id</c>) that enters the key-exchange KDF info.</summary>
    public byte[] DevId => Identifiers.DevId;

    /// <summary>This device as a packet recipient.</summary>
    public LocalNode LocalNode { get; }

    /// <summary>This device as a packet sender.</summary>
    public PacketSender Sender { get; }

    /// <summary>
    /// Enrolls a device: a fresh node key pair Kn/PKn and a random 32-byte node identifier, SKr(PKn) made with the
    /// user's Kr, and the storage keys localized with the device's system salt. The device keeps its own copy of Kr;
    /// <paramref name="rootKeys"/> stays the caller's. The chain is validated before it is returned.
    /// </summary>
    public static EnrolledDevice Enroll(ICryptoSuite suite, ReadOnlySpan<byte> rootIdentifier, RootKeys rootKeys, DeviceIdentifiers identifiers)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(rootKeys);
        ArgumentNullException.ThrowIfNull(identifiers);
        EcKeyPair? rootKey = null, nodeKey = null;
        StorageKeys? storageKeys = null;
        var rootDer = rootKeys.NodeSignatureRoot.ExportDer();
        try
        {
            rootKey = suite.ImportPrivateKey(rootDer);
            nodeKey = suite.GenerateKeyPair();
            var root = new RootIdentity(rootIdentifier, rootKey.PublicKey);
            Span<byte> nodeIdentifier = stackalloc byte[ProtocolSizes.NodeIdentifier];
            RandomNumberGenerator.Fill(nodeIdentifier);
            var signature = suite.Sign(rootKey, nodeKey.PublicKey.Encoded);
            var chain = new IdentityChain(root, new NodeIdentity(nodeIdentifier, nodeKey.PublicKey, signature));
            chain.Validate(suite);
            storageKeys = rootKeys.Localize(identifiers.SystemSalt);
            return new EnrolledDevice(new DeviceContext(chain, rootKey, nodeKey, storageKeys), identifiers);
        }
        catch
        {
            rootKey?.Dispose();
            nodeKey?.Dispose();
            storageKeys?.Dispose();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(rootDer);
        }
    }

    /// <summary>Seals this device's context under a passphrase (the reference's "ctx" export).</summary>
    public byte[] ExportContext(ICryptoSuite suite, ReadOnlySpan<char> passphrase, PassphraseKdf kdf = PassphraseKdf.Scrypt17)
        => PassphraseExports.SealContext(suite, Context, passphrase, kdf);

    /// <summary>
    /// Restores a device from its sealed context and the identifiers derived again from its system id and stored
    /// dev_salt. Fails as <see cref="PassphraseExports.OpenContext"/> does.
    /// </summary>
    public static EnrolledDevice ImportContext(ICryptoSuite suite, ReadOnlySpan<byte> blob, ReadOnlySpan<char> passphrase, DeviceIdentifiers identifiers)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        return new EnrolledDevice(PassphraseExports.OpenContext(suite, blob, passphrase), identifiers);
    }

    /// <summary>Zeroes the private keys and storage keys.</summary>
    public void Dispose() => Context.Dispose();
}
