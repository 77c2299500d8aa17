using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Encoding;

namespace Wickr.Cluster.Protocol.Recovery;

/// <summary>
/// The user's root keys, made at user enrollment and shared between the user's devices through the recovery bundle:
/// the root signing key Kr, the node storage root Knsr and the remote storage root Krs. Encoded as the reference's
/// <c>root_keys { 1 version = 1; 2 node_storage_root; 3 remote_storage_root; 4 node_signature_root }</c> with
/// 33-byte cipher keys and the DER private key.
/// </summary>
public sealed class RootKeys : IDisposable
{
    /// <summary>The version this implementation writes and reads.</summary>
    public const uint CurrentVersion = 1;

    /// <summary>Takes ownership of the three keys; they are zeroed when this is disposed.</summary>
    public RootKeys(EcKeyPair nodeSignatureRoot, CipherKey nodeStorageRoot, CipherKey remoteStorageRoot)
    {
        ArgumentNullException.ThrowIfNull(nodeSignatureRoot);
        ArgumentNullException.ThrowIfNull(nodeStorageRoot);
        ArgumentNullException.ThrowIfNull(remoteStorageRoot);
        NodeSignatureRoot = nodeSignatureRoot;
        NodeStorageRoot = nodeStorageRoot;
        RemoteStorageRoot = remoteStorageRoot;
    }

    /// <summary>Kr, the root identity key pair, which signs node keys.</summary>
    public EcKeyPair NodeSignatureRoot { get; }

    /// <summary>Knsr, from which each device derives its local storage key.</summary>
    public CipherKey NodeStorageRoot { get; }

    /// <summary>Krs, which encrypts account-level backups.</summary>
    public CipherKey RemoteStorageRoot { get; }

    /// <summary>Fresh root keys: a new root key pair and two random AES-256-GCM keys.</summary>
    public static RootKeys Generate(ICryptoSuite suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var signatureRoot = suite.GenerateKeyPair();
        var nodeStorageRoot = CipherKey.Generate();
        return new RootKeys(signatureRoot, nodeStorageRoot, CipherKey.Generate());
    }

    /// <summary>
    /// The storage keys of the device whose system salt is <paramref name="systemSalt"/>:
    /// Klds = SHA-256(Knsr ‖ system_salt) with Knsr's cipher, and a copy of Krs.
    /// </summary>
    public StorageKeys Localize(ReadOnlySpan<byte> systemSalt)
    {
        var input = new byte[CipherKey.KeySize + systemSalt.Length];
        Span<byte> localKey = stackalloc byte[SHA256.HashSizeInBytes];
        try
        {
            NodeStorageRoot.Key.CopyTo(input);
            systemSalt.CopyTo(input.AsSpan(CipherKey.KeySize));
            SHA256.HashData(input, localKey);
            var local = new CipherKey(NodeStorageRoot.Cipher, localKey);
            return new StorageKeys(local, new CipherKey(RemoteStorageRoot.Cipher, RemoteStorageRoot.Key));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
            CryptographicOperations.ZeroMemory(localKey);
        }
    }

    /// <summary>A copy that owns its own keys.</summary>
    public RootKeys Copy()
    {
        var der = NodeSignatureRoot.ExportDer();
        try
        {
            var signatureRoot = EcKeyPair.ImportDer(der);
            return new RootKeys(
                signatureRoot,
                new CipherKey(NodeStorageRoot.Cipher, NodeStorageRoot.Key),
                new CipherKey(RemoteStorageRoot.Cipher, RemoteStorageRoot.Key));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    /// <summary>The protobuf encoding. The caller owns (and should zero) the array.</summary>
    public byte[] Encode()
    {
        var nodeStorageRoot = NodeStorageRoot.Encode();
        var remoteStorageRoot = RemoteStorageRoot.Encode();
        var signatureRoot = NodeSignatureRoot.ExportDer();
        try
        {
            return new ProtoWriter(512)
                .WriteUInt64(1, CurrentVersion)
                .WriteBytes(2, nodeStorageRoot)
                .WriteBytes(3, remoteStorageRoot)
                .WriteBytes(4, signatureRoot)
                .ToArrayAndZero();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(nodeStorageRoot);
            CryptographicOperations.ZeroMemory(remoteStorageRoot);
            CryptographicOperations.ZeroMemory(signatureRoot);
        }
    }

    /// <summary>
    /// Reads the protobuf encoding. Throws Parse when a field is missing or malformed, the version is not 1 or the
    /// private key is not a P-521 DER private key.
    /// </summary>
    public static RootKeys Decode(ICryptoSuite suite, ReadOnlySpan<byte> encoded)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ulong? version = null;
        ReadOnlySpan<byte> nodeStorageRoot = default, remoteStorageRoot = default, signatureRoot = default;
        bool hasNodeStorageRoot = false, hasRemoteStorageRoot = false, hasSignatureRoot = false;
        var reader = new ProtoReader(encoded);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: version = reader.ReadUInt64(); break;
                case 2: nodeStorageRoot = reader.ReadBytes(); hasNodeStorageRoot = true; break;
                case 3: remoteStorageRoot = reader.ReadBytes(); hasRemoteStorageRoot = true; break;
                case 4: signatureRoot = reader.ReadBytes(); hasSignatureRoot = true; break;
                default: reader.Skip(); break;
            }
        }

        if (version != CurrentVersion)
        {
            throw new WickrException(WickrError.Parse, $"root keys of version {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}, expected {CurrentVersion}");
        }

        if (!hasNodeStorageRoot || !hasRemoteStorageRoot || !hasSignatureRoot)
        {
            throw new WickrException(WickrError.Parse, "root keys need a node storage root, a remote storage root and a node signature root");
        }

        CipherKey? nodeStorageKey = null, remoteStorageKey = null;
        try
        {
            nodeStorageKey = CipherKey.Decode(nodeStorageRoot);
            remoteStorageKey = CipherKey.Decode(remoteStorageRoot);
            return new RootKeys(PrivateKeyImport.Import(suite, signatureRoot), nodeStorageKey, remoteStorageKey);
        }
        catch
        {
            nodeStorageKey?.Dispose();
            remoteStorageKey?.Dispose();
            throw;
        }
    }

    /// <summary>Zeroes the three keys.</summary>
    public void Dispose()
    {
        NodeSignatureRoot.Dispose();
        NodeStorageRoot.Dispose();
        RemoteStorageRoot.Dispose();
    }
}
