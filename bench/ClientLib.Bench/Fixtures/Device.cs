using System.Security.Cryptography;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Identity;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.Bench.Fixtures;

/// <summary>
/// One device of a user as the benchmarks need it: its keys, its chain both as objects and as the bytes a client
/// receives on first contact, its dev_id and one signed ephemeral key (public half as objects and as bytes).
/// </summary>
internal sealed class Device : IDisposable
{
    public Device(ICryptoSuite suite, ulong ephemeralKeyId)
    {
        RootKey = suite.GenerateKeyPair();
        NodeKey = suite.GenerateKeyPair();
        var rootIdentifier = RandomNumberGenerator.GetBytes(32);
        var nodeIdentifier = RandomNumberGenerator.GetBytes(ProtocolSizes.NodeIdentifier);
        Chain = new IdentityChain(
            new RootIdentity(rootIdentifier, RootKey.PublicKey),
            new NodeIdentity(nodeIdentifier, NodeKey.PublicKey, suite.Sign(RootKey, NodeKey.PublicKey.Encoded)));
        ChainBytes = Chain.Encode();
        DevId = RandomNumberGenerator.GetBytes(ProtocolSizes.DevId);
        EphemeralPrivate = suite.GenerateKeyPair();
        EphemeralKeyId = ephemeralKeyId;
        EphemeralPublicBytes = EphemeralPrivate.PublicKey.ToArray();
        EphemeralSignature = suite.Sign(NodeKey, EphemeralPublicBytes);
        Ephemeral = new SignedEphemeralKey(ephemeralKeyId, EphemeralPrivate.PublicKey, EphemeralSignature);
    }

    public EcKeyPair RootKey { get; }

    public EcKeyPair NodeKey { get; }

    public IdentityChain Chain { get; }

    /// <summary>The <c>IdentityChain</c> protobuf, as fetched from the directory on first contact.</summary>
    public byte[] ChainBytes { get; }

    public byte[] DevId { get; }

    public EcKeyPair EphemeralPrivate { get; }

    public ulong EphemeralKeyId { get; }

    public byte[] EphemeralPublicBytes { get; }

    public byte[] EphemeralSignature { get; }

    public SignedEphemeralKey Ephemeral { get; }

    public void Dispose()
    {
        RootKey.Dispose();
        NodeKey.Dispose();
        EphemeralPrivate.Dispose();
    }
}
