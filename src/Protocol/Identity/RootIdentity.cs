using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Protocol.Identity;

/// <summary>A user's public root identity: the root identifier IDr and the root public key PKr.</summary>
public sealed class RootIdentity
{
    /// <summary>Longest root identifier the reference implementation accepts.</summary>
    public const int MaxIdentifierSize = 127;

    /// <summary>Creates a root identity, checking the identifier's size.</summary>
    public RootIdentity(ReadOnlySpan<byte> identifier, EcPublicKey publicKey)
    {
        if (identifier.IsEmpty || identifier.Length > MaxIdentifierSize)
        {
            throw new WickrException(WickrError.InvalidArgument, $"a root identifier has 1 to {MaxIdentifierSize} bytes, not {identifier.Length}");
        }

        Identifier = identifier.ToArray();
        PublicKey = publicKey;
    }

    /// <summary>IDr.</summary>
    public byte[] Identifier { get; }

    /// <summary>PKr.</summary>
    public EcPublicKey PublicKey { get; }

    /// <summary>IDr as lowercase hex, the form the cluster keys users by.</summary>
    public string IdentifierHex => Convert.ToHexStringLower(Identifier);
}
