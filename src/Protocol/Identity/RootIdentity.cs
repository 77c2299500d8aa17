using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Protocol.Identity;

/// <summary>A user's public root identity: the root identifier IDr and the root public key PKr.</summary>
public sealed class RootIdentity
{
    /// <summary>Creates a root identity, checking the identifier (<see cref="RootId"/>).</summary>
    public RootIdentity(ReadOnlySpan<byte> identifier, EcPublicKey publicKey)
    {
        if (RootId.Problem(identifier.Length) is { } problem)
        {
            throw new WickrException(WickrError.InvalidArgument, problem);
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
