using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Wickr.Cluster.ClientLib.Pools;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.ClientLib.Tests.Pools;

/// <summary>The envelope that carries secondary keys inside a message body.</summary>
public sealed class SecondaryKeyEnvelopeTests : IDisposable
{
    private static readonly P521Suite Suite = P521Suite.Instance;
    private readonly EcKeyPair _nodeKey = EcKeyPair.Generate();
    private readonly SecondaryKeyPool _pool;

    public SecondaryKeyEnvelopeTests() => _pool = new SecondaryKeyPool(Suite, _nodeKey, new FakeTimeProvider(), new SecondaryKeyPolicy { KeysPerContact = 2 });

    [Fact]
    public void A_body_without_handouts_is_sent_unchanged()
    {
        var body = "plain"u8.ToArray();
        Assert.Same(body, SecondaryKeyEnvelope.Wrap(body, []));
        var (read, handouts) = SecondaryKeyEnvelope.Unwrap(Suite, body);
        Assert.Same(body, read);
        Assert.Empty(handouts);
    }

    [Fact]
    public void Handouts_and_body_round_trip()
    {
        var body = RandomNumberGenerator.GetBytes(100);
        var node1 = RandomNumberGenerator.GetBytes(32);
        var node2 = RandomNumberGenerator.GetBytes(32);
        var wrapped = SecondaryKeyEnvelope.Wrap(body, [new(node1, _pool.HandOut("n1")), new(node2, _pool.HandOut("n2"))]);

        Assert.True(wrapped.AsSpan().StartsWith(SecondaryKeyEnvelope.Magic));
        var (read, handouts) = SecondaryKeyEnvelope.Unwrap(Suite, wrapped);
        Assert.Equal(body, read);
        Assert.Equal([node1, node2], handouts.Select(h => h.NodeIdentifier));
        Assert.All(handouts.SelectMany(h => h.Keys), k => k.Validate(Suite, _nodeKey.PublicKey));
        Assert.All(handouts.SelectMany(h => h.Keys), k => Assert.NotNull(_pool.Find(k.KeyId)));
    }

    [Fact]
    public void A_body_that_starts_with_the_magic_reads_back_unchanged()
    {
        byte[] body = [.. SecondaryKeyEnvelope.Magic, 1, 2, 3];
        var wrapped = SecondaryKeyEnvelope.Wrap(body, []);
        Assert.NotEqual(body, wrapped);
        Assert.Equal(body, SecondaryKeyEnvelope.Unwrap(Suite, wrapped).Body);
    }

    [Fact]
    public void A_damaged_envelope_is_delivered_as_is_without_handouts()
    {
        var wrapped = SecondaryKeyEnvelope.Wrap("x"u8.ToArray(), [new(RandomNumberGenerator.GetBytes(32), _pool.HandOut("n1"))]);
        var damaged = wrapped[..^20];
        var (read, handouts) = SecondaryKeyEnvelope.Unwrap(Suite, damaged);
        Assert.Equal(damaged, read);
        Assert.Empty(handouts);

        // A key that is not on the curve spoils the envelope the same way.
        var offCurve = (byte[])wrapped.Clone();
        var at = wrapped.AsSpan().IndexOf(_pool.Export()[0].Key.PublicKey.Encoded[..8]);
        offCurve[at + 20] ^= 0x55;
        Assert.Empty(SecondaryKeyEnvelope.Unwrap(Suite, offCurve).Handouts);
    }

    public void Dispose()
    {
        _pool.Dispose();
        _nodeKey.Dispose();
    }
}
