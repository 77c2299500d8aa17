using System.Security.Cryptography;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Testing.Protocol;

namespace Wickr.Cluster.Silo.Tests.Hosting;

/// <summary>State written through the grains as a gateway would, and the check that it is all still there.</summary>
public sealed class ClusterScenario
{
    private readonly byte[] root = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] rootPublicKey = PublicKey();
    private readonly NodeRegistration node = new(
        RandomNumberGenerator.GetBytes(ProtocolSizes.NodeIdentifier), RandomNumberGenerator.GetBytes(ProtocolSizes.DevId), PublicKey(), Signature());
    private readonly byte[][] packets = [RandomNumberGenerator.GetBytes(100), RandomNumberGenerator.GetBytes(5000), RandomNumberGenerator.GetBytes(1)];
    private readonly EphemeralKeyRecord[] keys = [.. Enumerable.Range(1, 5).Select(i => new EphemeralKeyRecord((ulong)i, PublicKey(), Signature()))];
    private ulong claimedKeyId;

    public byte[] NodeId => node.NodeId;

    /// <summary>Registers a user with one node, queues packets, uploads keys and claims one.</summary>
    public async Task WriteAsync(IGrainFactory grains)
    {
        var user = grains.GetUserGrain(root);
        Assert.True(await user.RegisterAsync(rootPublicKey));
        Assert.True(await user.AddNodeAsync(node));
        var mailbox = grains.GetNodeGrain(node.NodeId);
        for (var i = 0; i < packets.Length; i++)
        {
            Assert.False((await mailbox.EnqueueAsync(new MailboxEnvelope(root, node.NodeId, $"m{i}", packets[i]))).Duplicate);
        }

        var pool = grains.GetEphemeralKeyPoolGrain(node.NodeId);
        await pool.UploadAsync(keys);
        var claimed = await pool.ClaimAsync(RandomNumberGenerator.GetBytes(ProtocolSizes.MaxRootIdentifier));
        Assert.False(claimed.IsLastResort);
        claimedKeyId = claimed.Key.KeyId;
    }

    /// <summary>Reads everything back through grains of a fresh cluster.</summary>
    public async Task VerifyAsync(IGrainFactory grains)
    {
        var profile = await grains.GetUserGrain(root).GetProfileAsync();
        Assert.Equal(rootPublicKey, profile.RootPublicKey);
        Assert.Equal(node.NodePublicKey, Assert.Single(profile.Nodes).NodePublicKey);

        var mailbox = grains.GetNodeGrain(node.NodeId);
        var queued = await mailbox.ReadAsync(0, 10);
        Assert.Equal(packets, queued.Select(p => p.Packet));
        Assert.Equal(["m0", "m1", "m2"], queued.Select(p => p.MessageId));
        Assert.True((await mailbox.EnqueueAsync(new MailboxEnvelope(root, node.NodeId, "m1", packets[1]))).Duplicate);

        var pool = grains.GetEphemeralKeyPoolGrain(node.NodeId);
        Assert.Equal(keys.Length - 1, (await pool.GetStatusAsync()).Count);
        var remaining = new HashSet<ulong>();
        for (var i = 0; i < keys.Length - 1; i++)
        {
            remaining.Add((await pool.ClaimAsync(RandomNumberGenerator.GetBytes(ProtocolSizes.MaxRootIdentifier))).Key.KeyId);
        }

        Assert.DoesNotContain(claimedKeyId, remaining);
        Assert.Equal(keys.Length - 1, remaining.Count);
    }

    private static byte[] PublicKey() => TestPoints.PublicKey();

    private static byte[] Signature()
    {
        var signature = RandomNumberGenerator.GetBytes(ProtocolSizes.Signature);
        signature[0] = 0x03;
        return signature;
    }
}
