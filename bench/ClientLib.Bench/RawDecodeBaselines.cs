using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Crypto.Native;

namespace Wickr.Cluster.Bench;

/// <summary>
/// The raw public-key work of one decode on libcrypto: verify the packet signature, parse the sender's per-packet
/// ephemeral key, one ECDH. Cold adds what first contact needs: parse the sender's root and node keys and verify
/// the root's signature over the node key.
/// </summary>
[Config(typeof(DefaultBackendConfig))]
public class RawDecodeBaselines
{
    private EvpPKeyHandle _senderNode = null!;
    private EvpPKeyHandle _senderNodePublic = null!;
    private EvpPKeyHandle _myEphemeral = null!;
    private byte[] _senderPoint = [];
    private byte[] _ephemeralPoint = [];
    private byte[] _packetBody = [];
    private byte[] _packetSignature = [];
    private byte[] _nodeSignature = [];

    [GlobalSetup]
    public void Setup()
    {
        Span<byte> scalar = stackalloc byte[EcPublicKey.CoordinateSize];
        _senderPoint = new byte[OpenSslP521.PointSize];
        _ephemeralPoint = new byte[OpenSslP521.PointSize];
        _senderNode = OpenSslP521.Generate(scalar, _senderPoint);
        _senderNodePublic = OpenSslP521.ImportPublicKey(_senderPoint);
        _myEphemeral = OpenSslP521.Generate(scalar, new byte[OpenSslP521.PointSize]);
        using (OpenSslP521.Generate(scalar, _ephemeralPoint))
        {
        }

        CryptographicOperations.ZeroMemory(scalar);
        _packetBody = RandomNumberGenerator.GetBytes(600);
        _packetSignature = OpenSslP521.Sign(_senderNode, _packetBody);
        _nodeSignature = OpenSslP521.Sign(_senderNode, _senderPoint);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _senderNode.Dispose();
        _senderNodePublic.Dispose();
        _myEphemeral.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int OpenSslDecode() => Exchange(_senderNodePublic);

    [Benchmark]
    public int OpenSslDecodeCold()
    {
        using var senderRoot = OpenSslP521.ImportPublicKey(_senderPoint);
        using var senderNode = OpenSslP521.ImportPublicKey(_senderPoint);
        if (!OpenSslP521.Verify(senderRoot, _senderPoint, _nodeSignature, HashAlgorithmName.SHA512))
        {
            throw new InvalidOperationException("baseline chain did not verify");
        }

        return Exchange(senderNode);
    }

    private int Exchange(EvpPKeyHandle senderNode)
    {
        if (!OpenSslP521.Verify(senderNode, _packetBody, _packetSignature, HashAlgorithmName.SHA512))
        {
            throw new InvalidOperationException("baseline packet did not verify");
        }

        Span<byte> secret = stackalloc byte[EcPublicKey.CoordinateSize];
        using var senderEphemeral = OpenSslP521.ImportPublicKey(_ephemeralPoint);
        OpenSslP521.Derive(_myEphemeral, senderEphemeral, secret);
        int first = secret[0];
        CryptographicOperations.ZeroMemory(secret);
        return first;
    }
}
