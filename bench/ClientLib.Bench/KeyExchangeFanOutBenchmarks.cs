using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Wickr.Cluster.Bench.Fixtures;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.Bench;

/// <summary>
/// The per-recipient stage of an encode alone (ECDH, K_exch, CTR wrap of the packet key), in a loop and spread with
/// Parallel.For over one shared sender ephemeral key, for small recipient sets: where the hand-off to the thread pool
/// starts to pay, which is what <c>PacketEncoder</c>'s parallel threshold should be. Measured by both clocks: the wall
/// time the spreading saves and the CPU time it costs.
/// </summary>
[Config(typeof(FanOutConfig))]
public class KeyExchangeFanOutBenchmarks
{
    private readonly ICryptoSuite _suite = P521Suite.Instance;
    private Population _population = null!;
    private EcKeyPair _ephemeral = null!;
    private byte[] _wrappedKey = [];
    private byte[][] _results = [];

    [Params(2, 4, 8, 16)]
    public int Recipients { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _population = new Population(_suite, Recipients);
        _ephemeral = _suite.GenerateKeyPair();
        _wrappedKey = RandomNumberGenerator.GetBytes(CipherKey.EncodedSize);
        _results = new byte[Recipients][];
        Exchange(0);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ephemeral.Dispose();
        _population.Dispose();
    }

    [Benchmark(Baseline = true)]
    public byte[][] Sequential()
    {
        for (var i = 0; i < Recipients; i++)
        {
            Exchange(i);
        }

        return _results;
    }

    [Benchmark]
    public byte[][] ParallelFor()
    {
        Parallel.For(0, Recipients, Exchange);
        return _results;
    }

    private void Exchange(int i)
    {
        var recipient = _population.Recipients[i];
        var secret = _suite.AgreeSecret(_ephemeral, recipient.Ephemeral.PublicKey);
        try
        {
            using var key = PacketKeys.ExchangeKey(_suite, PacketVersion.Current, secret, _population.Sender.Chain.Root.PublicKey, recipient.Chain.Root.PublicKey, recipient.DevId);
            _results[i] = _suite.Encrypt(key, _wrappedKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
