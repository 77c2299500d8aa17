using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Protocol.Identity;

/// <summary>A device's public node identity: IDn, PKn and the root's signature over PKn, SKr(PKn).</summary>
public sealed class NodeIdentity
{
    /// <summary>Creates a node identity, checking sizes (the identifier is a <see cref="NodeId"/>; not the signature: see <see cref="IdentityChain.Validate(Crypto.ICryptoSuite)"/>).</summary>
    public NodeIdentity(ReadOnlySpan<byte> identifier, EcPublicKey publicKey, ReadOnlySpan<byte> rootSignature)
    {
        if (NodeId.Problem(identifier.Length) is { } problem)
        {
            throw new WickrException(WickrError.InvalidArgument, problem);
        }

        if (rootSignature.Length != EcdsaSignature.EncodedSize)
        {
            throw new WickrException(WickrError.Parse, $"a node signature has {EcdsaSignature.EncodedSize} bytes, not {rootSignature.Length}");
        }

        Identifier = identifier.ToArray();
        PublicKey = publicKey;
        RootSignature = rootSignature.ToArray();
    }

    /// <summary>IDn.</summary>
    public byte[] Identifier { get; }

    /// <summary>PKn.</summary>
    public EcPublicKey PublicKey { get; }

    /// <summary>SKr(PKn): the root key's signature over the 134-byte encoding of PKn.</summary>
    public byte[] RootSignature { get; }

    /// <summary>IDn as lowercase hex, the form the cluster keys nodes by.</summary>
    public string IdentifierHex => Convert.ToHexStringLower(Identifier);
}
