using BenchmarkDotNet.Attributes;
using Wickr.Cluster.Bench.Fixtures;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Identity;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.Bench;

/// <summary>
/// The warm encode of <see cref="EncodeBenchmarks"/> by the wall clock: what a user waits for, including what
/// PacketEncoder gains by spreading the key exchanges of a large recipient set over the cores.
/// </summary>
[Config(typeof(LatencyConfig))]
public class EncodeLatencyBenchmarks
{
    private readonly PacketEncoder _encoder = new();
    private Population _population = null!;
    private (RecipientNode Node, RootIdentity ExpectedRoot)[] _warm = [];

    [Params(1, 4, 16, 64)]
    public int Recipients { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _population = new Population(P521Suite.Instance, Recipients);
        _warm = [.. _population.Recipients.Select(d => (new RecipientNode(d.Chain, d.DevId, d.Ephemeral), d.Chain.Root))];
        foreach (var (node, root) in _warm)
        {
            node.Validate(P521Suite.Instance, root);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _population.Dispose();

    [Benchmark]
    public byte[] Warm() => _encoder.Encode(_population.PacketSender, _warm, Population.Message);
}
