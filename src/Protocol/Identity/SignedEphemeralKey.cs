using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Protocol.Identity;

/// <summary>The public half of one ephemeral key as a node publishes it: id IDken, PKEn and SKn(PKEn).</summary>
public sealed class SignedEphemeralKey
{
    /// <summary>Creates a signed ephemeral key, checking sizes (not the signature: see <see cref="Validate"/>).</summary>
    public SignedEphemeralKey(ulong keyId, EcPublicKey publicKey, ReadOnlySpan<byte> nodeSignature)
    {
        if (nodeSignature.Length != EcdsaSignature.EncodedSize)
        {
            throw new WickrException(WickrError.Parse, $"an ephemeral key signature has {EcdsaSignature.EncodedSize} bytes, not {nodeSignature.Length}");
        }

        KeyId = keyId;
        PublicKey = publicKey;
        NodeSignature = nodeSignature.ToArray();
    }

    /// <summary>IDken, chosen by the node: unique and increasing.</summary>
    public ulong KeyId { get; }

    /// <summary>PKEn.</summary>
    public EcPublicKey PublicKey { get; }

    /// <summary>SKn(PKEn): the node key's signature over the 134-byte encoding of PKEn.</summary>
    public byte[] NodeSignature { get; }

    /// <summary>Throws <see cref="WickrException"/> (Signature) when <paramref name="nodeKey"/> did not sign this key.</summary>
    public void Validate(ICryptoSuite suite, EcPublicKey nodeKey)
    {
        if (!suite.Verify(nodeKey, PublicKey.Encoded, NodeSignature))
        {
            throw new WickrException(WickrError.Signature, $"ephemeral key {KeyId} is not signed by the node key");
        }
    }
}
