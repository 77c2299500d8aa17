using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Protocol.Tests.Crypto;

/// <summary>
/// One sender ephemeral key shared by many threads, as PacketEncoder's Parallel.For does for large recipient sets:
/// every agreement equals the one computed alone.
/// </summary>
public sealed class ConcurrentKeyExchangeTests
{
    public static TheoryData<string> Backends => Crypto.Backends.Names;

    [Theory]
    [MemberData(nameof(Backends))]
    public void A_shared_key_agrees_the_same_secrets_from_many_threads(string name)
    {
        if (Crypto.Backends.Get(name) is not { } backend)
        {
            return;
        }

        var suite = new P521Suite(backend);
        using var sender = suite.GenerateKeyPair();
        var recipients = Enumerable.Range(0, 24).Select(_ => suite.GenerateKeyPair()).ToList();
        try
        {
            // Fresh public key objects, so their first parse also happens under contention.
            var peers = recipients.Select(r => EcPublicKey.DecodeUnchecked(r.PublicKey.Encoded)).ToList();
            var expected = recipients.Select(r => suite.AgreeSecret(r, sender.PublicKey)).ToList();
            var results = new byte[peers.Count * 4][];

            Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = suite.AgreeSecret(sender, peers[i % peers.Count]));

            for (var i = 0; i < results.Length; i++)
            {
                Assert.Equal(expected[i % peers.Count], results[i]);
            }

            peers.ForEach(p => p.Dispose());
        }
        finally
        {
            recipients.ForEach(r => r.Dispose());
        }
    }
}
