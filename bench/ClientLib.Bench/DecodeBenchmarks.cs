using BenchmarkDotNet.Attributes;
using Wickr.Cluster.Bench.Fixtures;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.EphemeralKeys;
using Wickr.Cluster.Protocol.Identity;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.Bench;

/// <summary>
/// <see cref="PacketDecoder.Decode"/> of one packet by its recipient. <b>Warm</b>: the sender's chain is a cached,
/// validated object (a known contact). <b>Cold</b>: first contact, the sender's chain is parsed from bytes and its
/// signature checked inside the operation. Either way the packet signature is verified, the sender's per-packet
/// ephemeral key parsed and one key exchange done. The recipient's ephemeral key is held as last-resort so that
/// decoding the same packet again finds it.
/// </summary>
[Config(typeof(BothBackendsConfig))]
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    private readonly PacketDecoder _decoder = new();
    private Population _population = null!;
    private EphemeralKeyPool _pool = null!;
    private LocalNode _me = null!;
    private byte[] _packet = [];

    [GlobalSetup]
    public void Setup()
    {
        _population = new Population(P521Suite.Instance, 1);
        var recipient = _population.Recipients[0];
        _pool = new EphemeralKeyPool(P521Suite.Instance, recipient.NodeKey);
        _pool.Import(recipient.EphemeralKeyId, recipient.EphemeralPrivate, lastResort: true);
        _me = new LocalNode(recipient.Chain, recipient.DevId);
        _packet = new PacketEncoder().Encode(
            _population.PacketSender, [(new RecipientNode(recipient.Chain, recipient.DevId, recipient.Ephemeral), recipient.Chain.Root)], Population.Message);
        _population.Sender.Chain.Validate(P521Suite.Instance);
        Console.WriteLine($"// P-521 backend: {P521Suite.Instance.Backend}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pool.Dispose();
        _population.Dispose();
    }

    [Benchmark]
    public DecodedPacket Warm() => _decoder.Decode(_packet, _population.Sender.Chain, _me, _pool);

    [Benchmark]
    public DecodedPacket Cold()
    {
        var sender = IdentityChain.Decode(_population.Sender.ChainBytes);
        try
        {
            return _decoder.Decode(_packet, sender, _me, _pool);
        }
        finally
        {
            sender.Root.PublicKey.Dispose();
            sender.Node.PublicKey.Dispose();
        }
    }
}
