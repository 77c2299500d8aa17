using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Packets;
using Wickr.Cluster.Testing.Protocol;
using Xunit.Abstractions;

namespace Wickr.Cluster.Protocol.Tests.Packets;

/// <summary>Property tests: random recipient sets, metadata and bodies survive encode → decode on every recipient.</summary>
public sealed class PacketRoundTripTests(ITestOutputHelper output)
{
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 12)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_recipients_metadata_and_bodies_round_trip(int seed)
    {
        var random = new Random(seed);
        var users = Enumerable.Range(0, random.Next(1, 4)).Select(_ => new TestUser(random.Next(1, 4))).ToList();
        try
        {
            var sender = users[0].Devices[0];
            // The paper's union: every recipient user's nodes and the sender's own other nodes, never the sending node.
            var targets = users.SelectMany(u => u.Devices).Where(d => d != sender).ToList();
            if (targets.Count == 0)
            {
                var other = new TestUser(1);
                users.Add(other);
                targets.Add(other.Devices[0]);
            }

            var message = RandomMessage(random, seed);
            var packet = new PacketEncoder().Encode(sender.AsSender, [.. targets.Select(t => t.ClaimRecipient())], message);
            output.WriteLine($"seed {seed}: {targets.Count} nodes, body {message.Body.Length} B, packet {packet.Length} B");

            foreach (var target in targets)
            {
                var decoded = new PacketDecoder().Decode(packet, sender.Chain, target.AsLocal, target.Pool);
                Assert.True(message.Metadata == decoded.Message.Metadata);
                Assert.True(message.Body.AsSpan().SequenceEqual(decoded.Message.Body));
                Assert.Equal(PacketVersion.V4, decoded.Version);
            }
        }
        finally
        {
            users.ForEach(u => u.Dispose());
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65_535)]
    [InlineData(1 << 20)]
    public void Body_sizes_from_empty_to_one_mebibyte_round_trip(int size)
    {
        using var alice = new TestUser(1);
        using var bob = new TestUser(1);
        var message = new PlainMessage(new PacketMetadata(0, 0, [], 0), RandomNumberGenerator.GetBytes(size));

        var packet = new PacketEncoder().Encode(alice.Devices[0].AsSender, [bob.Devices[0].ClaimRecipient()], message);
        var decoded = new PacketDecoder().Decode(packet, alice.Devices[0].Chain, bob.Devices[0].AsLocal, bob.Devices[0].Pool);

        Assert.Equal(message.Body, decoded.Message.Body);
    }

    internal static PlainMessage RandomMessage(Random random, int seed)
    {
        int[] sizes = [0, 1, 17, 1000, 16_384, 100_000, 1 << 20];
        var body = new byte[seed % 4 == 0 ? sizes[random.Next(sizes.Length)] : random.Next(0, 5000)];
        random.NextBytes(body);
        var tag = new byte[random.Next(0, 200)];
        random.NextBytes(tag);
        ulong[] edges = [0, 1, 3600, uint.MaxValue, (ulong)uint.MaxValue + 1, ulong.MaxValue];
        var ttl = random.Next(3) == 0 ? edges[random.Next(edges.Length)] : (ulong)random.NextInt64();
        var bor = random.Next(3) == 0 ? edges[random.Next(edges.Length)] : (ulong)random.Next();
        return new PlainMessage(new PacketMetadata(ttl, bor, tag, (ushort)random.Next(0, 65536)), body);
    }
}
