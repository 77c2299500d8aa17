using BenchmarkDotNet.Attributes;
using Wickr.Cluster.Bench.Fixtures;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Identity;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.Bench;

/// <summary>
/// <see cref="PacketEncoder.Encode"/> to N recipient nodes, in three states of the sender's knowledge:
/// <list type="bullet">
/// <item><b>Warm</b>: the recipients' <see cref="RecipientNode"/> objects were validated before and are reused, as a client
/// that caches each contact device (chain checked, keys parsed). Counted: 1 key generation, N key exchanges, 1 signature.</item>
/// <item><b>FreshEphemeral</b>: chains cached, but every recipient's ephemeral key is a newly claimed one, as one-time keys
/// are: parsed from its 134 bytes and its node signature verified inside the operation (N extra parses and verifies).</item>
/// <item><b>Cold</b>: first contact: every chain and ephemeral key is parsed from bytes and both signatures checked inside
/// the operation (per recipient 3 key parses, 2 verifies, the key exchange). The expected root is the chain's own root
/// (trust on first use).</item>
/// </list>
/// </summary>
[Config(typeof(BothBackendsConfig))]
[MemoryDiagnoser]
public class EncodeBenchmarks
{
    private readonly PacketEncoder _encoder = new();
    private readonly List<IDisposable> _made = new(3 * Population.MaxRecipients);
    private Population _population = null!;
    private (RecipientNode Node, RootIdentity ExpectedRoot)[] _warm = [];
    private (RecipientNode Node, RootIdentity ExpectedRoot)[] _scratch = [];

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

        _scratch = new (RecipientNode, RootIdentity)[Recipients];
        Console.WriteLine($"// P-521 backend: {P521Suite.Instance.Backend}");
    }

    [GlobalCleanup]
    public void Cleanup() => _population.Dispose();

    [Benchmark]
    public byte[] Warm() => _encoder.Encode(_population.PacketSender, _warm, Population.Message);

    [Benchmark]
    public byte[] FreshEphemeral()
    {
        try
        {
            for (var i = 0; i < _scratch.Length; i++)
            {
                var device = _population.Recipients[i];
                var ephemeral = Made(EcPublicKey.Decode(device.EphemeralPublicBytes));
                _scratch[i] = (new RecipientNode(device.Chain, device.DevId, new SignedEphemeralKey(device.EphemeralKeyId, ephemeral, device.EphemeralSignature)), device.Chain.Root);
            }

            return _encoder.Encode(_population.PacketSender, _scratch, Population.Message);
        }
        finally
        {
            DisposeMade();
        }
    }

    [Benchmark]
    public byte[] Cold()
    {
        try
        {
            for (var i = 0; i < _scratch.Length; i++)
            {
                var device = _population.Recipients[i];
                var chain = IdentityChain.Decode(device.ChainBytes);
                Made(chain.Root.PublicKey);
                Made(chain.Node.PublicKey);
                var ephemeral = Made(EcPublicKey.Decode(device.EphemeralPublicBytes));
                _scratch[i] = (new RecipientNode(chain, device.DevId, new SignedEphemeralKey(device.EphemeralKeyId, ephemeral, device.EphemeralSignature)), chain.Root);
            }

            return _encoder.Encode(_population.PacketSender, _scratch, Population.Message);
        }
        finally
        {
            DisposeMade();
        }
    }

    private EcPublicKey Made(EcPublicKey key)
    {
        _made.Add(key);
        return key;
    }

    private void DisposeMade()
    {
        foreach (var key in _made)
        {
            key.Dispose();
        }

        _made.Clear();
    }
}
