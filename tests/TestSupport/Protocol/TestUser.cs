using System.Security.Cryptography;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.EphemeralKeys;
using Wickr.Cluster.Protocol.Identity;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.Testing.Protocol;

/// <summary>A user with a root key and devices, each with a node key and an ephemeral key pool, built from real keys.</summary>
public sealed class TestUser : IDisposable
{
    private static readonly P521Suite Suite = P521Suite.Instance;

    public TestUser(int devices)
    {
        RootKey = Suite.GenerateKeyPair();
        Root = new RootIdentity(RandomNumberGenerator.GetBytes(32), RootKey.PublicKey);
        Devices = [.. Enumerable.Range(0, devices).Select(_ => new TestUserDevice(this))];
    }

    public EcKeyPair RootKey { get; }

    public RootIdentity Root { get; }

    public IReadOnlyList<TestUserDevice> Devices { get; }

    public void Dispose()
    {
        foreach (var device in Devices)
        {
            device.Dispose();
        }

        RootKey.Dispose();
    }
}

/// <summary>One device of a <see cref="TestUser"/>.</summary>
public sealed class TestUserDevice : IDisposable
{
    public TestUserDevice(TestUser user)
    {
        User = user;
        NodeKey = P521Suite.Instance.GenerateKeyPair();
        var node = new NodeIdentity(RandomNumberGenerator.GetBytes(ProtocolSizes.NodeIdentifier), NodeKey.PublicKey, P521Suite.Instance.Sign(user.RootKey, NodeKey.PublicKey.Encoded));
        Chain = new IdentityChain(user.Root, node);
        DevId = RandomNumberGenerator.GetBytes(ProtocolSizes.DevId);
        Pool = new EphemeralKeyPool(P521Suite.Instance, NodeKey);
    }

    public TestUser User { get; }

    public EcKeyPair NodeKey { get; }

    public IdentityChain Chain { get; }

    public byte[] DevId { get; }

    public EphemeralKeyPool Pool { get; }

    public PacketSender AsSender => new(Chain, NodeKey);

    public LocalNode AsLocal => new(Chain, DevId);

    /// <summary>What a sender gets for this device: its chain, dev_id and one freshly claimed ephemeral key.</summary>
    public (RecipientNode Node, RootIdentity ExpectedRoot) ClaimRecipient()
        => (new RecipientNode(Chain, DevId, Pool.Generate(1)[0]), User.Root);

    public void Dispose()
    {
        Pool.Dispose();
        NodeKey.Dispose();
    }
}
