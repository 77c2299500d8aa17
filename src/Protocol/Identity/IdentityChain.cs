using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Encoding;

namespace Wickr.Cluster.Protocol.Identity;

/// <summary>
/// Root → node: the chain that ties a device to its user. Encoded as the reference's <c>IdentityChain</c>
/// protobuf: <c>{ 1 root Identity; 2 node Identity }</c> with <c>Identity { 1 identifier; 2 sig_key; 3 signature;
/// 4 type (ROOT = 0, NODE = 1); 5 is_private }</c>.
/// </summary>
public sealed class IdentityChain(RootIdentity root, NodeIdentity node)
{
    private int _validated;

    /// <summary>The user.</summary>
    public RootIdentity Root { get; } = root;

    /// <summary>The device.</summary>
    public NodeIdentity Node { get; } = node;

    /// <summary>
    /// Checks SKr(PKn) with PKr (once; the result is remembered). Throws <see cref="WickrException"/> (Signature)
    /// when the root did not sign this node key.
    /// </summary>
    public void Validate(ICryptoSuite suite)
    {
        if (Volatile.Read(ref _validated) == 1)
        {
            return;
        }

        if (!suite.Verify(Root.PublicKey, Node.PublicKey.Encoded, Node.RootSignature))
        {
            throw new WickrException(WickrError.Signature, "the node key is not signed by the root key");
        }

        Volatile.Write(ref _validated, 1);
    }

    /// <summary>
    /// Validates the chain and that its root is <paramref name="expectedRoot"/>. Throws Chain when the root differs,
    /// Signature when the root did not sign the node key.
    /// </summary>
    public void Validate(ICryptoSuite suite, RootIdentity expectedRoot)
    {
        if (!Root.Identifier.AsSpan().SequenceEqual(expectedRoot.Identifier) || !Root.PublicKey.Equals(expectedRoot.PublicKey))
        {
            throw new WickrException(WickrError.Chain, "the chain's root is not the expected user's root");
        }

        Validate(suite);
    }

    /// <summary>The protobuf encoding.</summary>
    public byte[] Encode()
    {
        var root = new ProtoWriter()
            .WriteBytes(1, Root.Identifier)
            .WriteBytes(2, Root.PublicKey.Encoded)
            .WriteUInt64(4, 0)
            .WriteBool(5, false);
        var node = new ProtoWriter()
            .WriteBytes(1, Node.Identifier)
            .WriteBytes(2, Node.PublicKey.Encoded)
            .WriteBytes(3, Node.RootSignature)
            .WriteUInt64(4, 1)
            .WriteBool(5, false);
        return new ProtoWriter().WriteBytes(1, root.WrittenSpan).WriteBytes(2, node.WrittenSpan).ToArray();
    }

    /// <summary>Reads the protobuf encoding of a public chain. Throws Parse on anything malformed.</summary>
    public static IdentityChain Decode(ReadOnlySpan<byte> encoded)
    {
        RootIdentity? root = null;
        NodeIdentity? node = null;
        var reader = new ProtoReader(encoded);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1:
                    var r = IdentityFields.Read(reader.ReadBytes(), expectedType: 0);
                    root = new RootIdentity(r.Identifier, EcPublicKey.Decode(r.Key));
                    break;
                case 2:
                    var n = IdentityFields.Read(reader.ReadBytes(), expectedType: 1);
                    node = new NodeIdentity(n.Identifier, EcPublicKey.Decode(n.Key), n.Signature);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (root is null || node is null)
        {
            throw new WickrException(WickrError.Parse, "an identity chain needs a root and a node identity");
        }

        return new IdentityChain(root, node);
    }
}
