using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Encoding;
using Wickr.Cluster.Protocol.Identity;

namespace Wickr.Cluster.Protocol.Recovery;

/// <summary>
/// What a device keeps of its enrollment, in the reference's exportable "ctx" form: the storage keys and the identity
/// chain with both private keys. Encoded as <c>{ 1 storage_keys; 2 IdentityChain }</c> where the identities are
/// private: <c>root { 1 id; 2 DER private key; 4 type = 0; 5 is_private = 1 }</c>,
/// <c>node { 1 id; 2 DER private key; 3 SKr(PKn); 4 type = 1; 5 is_private = 1 }</c>. The device identifiers are not
/// part of it: a device derives them again from its system id and stored salt.
/// </summary>
public sealed class DeviceContext : IDisposable
{
    /// <summary>
    /// Takes ownership of the keys. Throws InvalidArgument when a private key does not belong to the chain's public
    /// key (the chain's signature is checked by <see cref="IdentityChain.Validate(ICryptoSuite)"/>, not here).
    /// </summary>
    public DeviceContext(IdentityChain chain, EcKeyPair rootKey, EcKeyPair nodeKey, StorageKeys storageKeys)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(rootKey);
        ArgumentNullException.ThrowIfNull(nodeKey);
        ArgumentNullException.ThrowIfNull(storageKeys);
        if (!rootKey.PublicKey.Equals(chain.Root.PublicKey))
        {
            throw new WickrException(WickrError.InvalidArgument, "the root private key does not belong to the chain's root");
        }

        if (!nodeKey.PublicKey.Equals(chain.Node.PublicKey))
        {
            throw new WickrException(WickrError.InvalidArgument, "the node private key does not belong to the chain's node");
        }

        Chain = chain;
        RootKey = rootKey;
        NodeKey = nodeKey;
        StorageKeys = storageKeys;
    }

    /// <summary>The public root → node chain.</summary>
    public IdentityChain Chain { get; }

    /// <summary>Kr.</summary>
    public EcKeyPair RootKey { get; }

    /// <summary>Kn.</summary>
    public EcKeyPair NodeKey { get; }

    /// <summary>Klds and Krs.</summary>
    public StorageKeys StorageKeys { get; }

    /// <summary>The protobuf encoding. The caller owns (and should zero) the array.</summary>
    public byte[] Encode()
    {
        var storageKeys = StorageKeys.Encode();
        var rootDer = RootKey.ExportDer();
        var nodeDer = NodeKey.ExportDer();
        ProtoWriter? root = null, node = null, chain = null;
        try
        {
            root = new ProtoWriter(512)
                .WriteBytes(1, Chain.Root.Identifier)
                .WriteBytes(2, rootDer)
                .WriteUInt64(4, 0)
                .WriteBool(5, true);
            node = new ProtoWriter(512)
                .WriteBytes(1, Chain.Node.Identifier)
                .WriteBytes(2, nodeDer)
                .WriteBytes(3, Chain.Node.RootSignature)
                .WriteUInt64(4, 1)
                .WriteBool(5, true);
            chain = new ProtoWriter(1024).WriteBytes(1, root.WrittenSpan).WriteBytes(2, node.WrittenSpan);
            return new ProtoWriter(1024).WriteBytes(1, storageKeys).WriteBytes(2, chain.WrittenSpan).ToArrayAndZero();
        }
        finally
        {
            root?.Zero();
            node?.Zero();
            chain?.Zero();
            CryptographicOperations.ZeroMemory(storageKeys);
            CryptographicOperations.ZeroMemory(rootDer);
            CryptographicOperations.ZeroMemory(nodeDer);
        }
    }

    /// <summary>
    /// Reads the protobuf encoding and validates the chain. Throws Parse when a part is missing or malformed or an
    /// identity carries no private key, Signature when the root did not sign the node key.
    /// </summary>
    public static DeviceContext Decode(ICryptoSuite suite, ReadOnlySpan<byte> encoded)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ReadOnlySpan<byte> storageKeysField = default, chainField = default;
        bool hasStorageKeys = false, hasChain = false;
        var reader = new ProtoReader(encoded);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: storageKeysField = reader.ReadBytes(); hasStorageKeys = true; break;
                case 2: chainField = reader.ReadBytes(); hasChain = true; break;
                default: reader.Skip(); break;
            }
        }

        if (!hasStorageKeys || !hasChain)
        {
            throw new WickrException(WickrError.Parse, "a device context needs storage keys and an identity chain");
        }

        ReadOnlySpan<byte> rootField = default, nodeField = default;
        bool hasRoot = false, hasNode = false;
        var chainReader = new ProtoReader(chainField);
        while (chainReader.Next())
        {
            switch (chainReader.Field)
            {
                case 1: rootField = chainReader.ReadBytes(); hasRoot = true; break;
                case 2: nodeField = chainReader.ReadBytes(); hasNode = true; break;
                default: chainReader.Skip(); break;
            }
        }

        if (!hasRoot || !hasNode)
        {
            throw new WickrException(WickrError.Parse, "an identity chain needs a root and a node identity");
        }

        var root = IdentityFields.Read(rootField, expectedType: 0);
        var node = IdentityFields.Read(nodeField, expectedType: 1);
        if (!root.IsPrivate || !node.IsPrivate)
        {
            throw new WickrException(WickrError.Parse, "a device context's identities must carry their private keys");
        }

        StorageKeys? storageKeys = null;
        EcKeyPair? rootKey = null, nodeKey = null;
        try
        {
            storageKeys = StorageKeys.Decode(storageKeysField);
            rootKey = PrivateKeyImport.Import(suite, root.Key);
            nodeKey = PrivateKeyImport.Import(suite, node.Key);
            var chain = new IdentityChain(
                new RootIdentity(root.Identifier, rootKey.PublicKey),
                new NodeIdentity(node.Identifier, nodeKey.PublicKey, node.Signature));
            chain.Validate(suite);
            return new DeviceContext(chain, rootKey, nodeKey, storageKeys);
        }
        catch (WickrException ex) when (ex.Error == WickrError.InvalidArgument)
        {
            Release(storageKeys, rootKey, nodeKey);
            throw new WickrException(WickrError.Parse, "a device context's identity is malformed", ex);
        }
        catch
        {
            Release(storageKeys, rootKey, nodeKey);
            throw;
        }
    }

    private static void Release(StorageKeys? storageKeys, EcKeyPair? rootKey, EcKeyPair? nodeKey)
    {
        storageKeys?.Dispose();
        rootKey?.Dispose();
        nodeKey?.Dispose();
    }

    /// <summary>Zeroes the private keys and the storage keys.</summary>
    public void Dispose()
    {
        RootKey.Dispose();
        NodeKey.Dispose();
        StorageKeys.Dispose();
    }
}
