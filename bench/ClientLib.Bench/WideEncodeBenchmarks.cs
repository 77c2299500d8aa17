using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Wickr.Cluster.Bench.Fixtures;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Crypto.Native;
using Wickr.Cluster.Protocol.Identity;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.Bench;

/// <summary>
/// A group message to N recipient nodes with warm contacts, as the client encodes it: split into the fewest packets of
/// at most <see cref="ProtocolLimits.MaxRecipients"/> nodes (1,500 nodes: three packets of 500), each its own packet
/// key, sender ephemeral key and signature. <see cref="RawPrimitives"/> (the baseline, so the Ratio column is
/// protocol/raw) is what those packets cannot avoid, on libcrypto in the same run: per packet 1 key generation, 1 ECDH
/// per node and 1 signature over a packet of that size. The target: Ratio ≤ 1.1 at 1,500 nodes.
/// </summary>
[Config(typeof(DefaultBackendConfig))]
[MemoryDiagnoser]
public class WideEncodeBenchmarks
{
    private readonly PacketEncoder _encoder = new();
    private Population _population = null!;
    private List<(RecipientNode Node, RootIdentity ExpectedRoot)[]> _packets = [];
    private List<(EvpPKeyHandle[] Peers, byte[] Signed)> _rawPackets = [];
    private EvpPKeyHandle _senderNode = null!;

    [Params(16, 64, 500, 1500)]
    public int Recipients { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (!OpenSslP521.IsAvailable)
        {
            throw new InvalidOperationException("the raw baseline needs libcrypto.so.3 (OpenSSL 3) on Linux");
        }
        _population = new Population(P521Suite.Instance, Recipients);
        var warm = _population.Recipients.Select(d => (Node: new RecipientNode(d.Chain, d.DevId, d.Ephemeral), ExpectedRoot: d.Chain.Root)).ToArray();
        foreach (var (node, root) in warm)
        {
            node.Validate(P521Suite.Instance, root);
        }
        _packets = MessageDispatcher.Split(warm, ProtocolLimits.MaxRecipients);
        _senderNode = RawBaselines.NewKey(out _);
        _rawPackets = [.. MessageDispatcher.Split(_population.Recipients, ProtocolLimits.MaxRecipients).Select(part => (
            part.Select(d => OpenSslP521.ImportPublicKey(d.EphemeralPublicBytes.AsSpan(1))).ToArray(),
            RandomNumberGenerator.GetBytes(_encoder.Encode(_population.PacketSender, [.. warm.Take(part.Length)], Population.Message).Length)))];
        Console.WriteLine($"// {Recipients} nodes as {_packets.Count} packet(s); P-521 backend: {P521Suite.Instance.Backend}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var (peers, _) in _rawPackets)
        {
            foreach (var peer in peers)
            {
                peer.Dispose();
            }
        }
        _senderNode.Dispose();
        _population.Dispose();
    }

    /// <summary>The client's encode of one group message: every packet of the split.</summary>
    [Benchmark]
    public int Protocol()
    {
        var bytes = 0;
        foreach (var packet in _packets)
        {
            bytes += _encoder.Encode(_population.PacketSender, packet, Population.Message).Length;
        }
        return bytes;
    }

    /// <summary>Per packet: 1 key generation + 1 ECDH per node + 1 signature over a packet of the same size, on libcrypto.</summary>
    [Benchmark(Baseline = true)]
    public int RawPrimitives()
    {
        Span<byte> secret = stackalloc byte[EcPublicKey.CoordinateSize];
        var bytes = 0;
        foreach (var (peers, signed) in _rawPackets)
        {
            using var ephemeral = RawBaselines.NewKey(out _);
            foreach (var peer in peers)
            {
                OpenSslP521.Derive(ephemeral, peer, secret);
            }
            bytes += OpenSslP521.Sign(_senderNode, signed).Length;
        }
        return bytes;
    }
}
