using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Identity;

namespace Wickr.Cluster.Protocol.Packets;

/// <summary>
/// One node a packet is encrypted to: its chain (root → node), its <c>dev_id</c> (<c>msg_proto_id</c>, which enters
/// the key-exchange info) and the signed ephemeral key claimed for this packet. The reference encodes the same
/// data as its <c>Node { 1 devid; 2 id_chain; 3 ephemeral_keypair }</c> message.
/// </summary>
public sealed class RecipientNode
{
    private RootIdentity? _validatedFor;

    /// <summary>Creates a recipient, checking sizes; call <see cref="Validate"/> before encoding to it.</summary>
    public RecipientNode(IdentityChain chain, ReadOnlySpan<byte> devId, SignedEphemeralKey ephemeralKey)
    {
        if (devId.Length != ProtocolSizes.DevId)
        {
            throw new WickrException(WickrError.InvalidArgument, $"a dev_id has {ProtocolSizes.DevId} bytes, not {devId.Length}");
        }

        Chain = chain;
        DevId = devId.ToArray();
        EphemeralKey = ephemeralKey;
    }

    /// <summary>Root → node chain of the recipient device.</summary>
    public IdentityChain Chain { get; }

    /// <summary>The device's <c>dev_id</c> (<c>msg_proto_id</c>).</summary>
    public byte[] DevId { get; }

    /// <summary>The claimed ephemeral key.</summary>
    public SignedEphemeralKey EphemeralKey { get; }

    /// <summary>
    /// The sending steps' step 4: PKEn is signed by PKn, PKn by PKr, and PKr is <paramref name="expectedRoot"/>.
    /// Throws Chain or Signature. Remembers success, so re-validating a recipient costs nothing.
    /// </summary>
    public void Validate(ICryptoSuite suite, RootIdentity expectedRoot)
    {
        if (ReferenceEquals(Volatile.Read(ref _validatedFor), expectedRoot))
        {
            return;
        }

        Chain.Validate(suite, expectedRoot);
        EphemeralKey.Validate(suite, Chain.Node.PublicKey);
        Volatile.Write(ref _validatedFor, expectedRoot);
    }
}
