using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Crypto.Native;

namespace Wickr.Cluster.Bench;

/// <summary>
/// The raw cost of the public-key primitives one encode needs, with nothing of the protocol around them: keys already
/// loaded, no framing, no KDF, no symmetric cipher. <b>OpenSsl*</b> calls libcrypto directly; <b>DotNet*</b> uses .NET's
/// own ECDiffieHellman and ECDsa with every key loaded beforehand (so no import cost, but .NET's per-agreement peer
/// check is in). The yardstick is <see cref="OpenSslEncode"/>: 1 key generation + N ECDH + 1 signature.
/// <see cref="OpenSslEncodeFreshEphemeral"/> and <see cref="OpenSslEncodeCold"/> add the parses and verifies those
/// protocol scenarios cannot skip, so their overhead can be read apart from the extra public-key work.
/// </summary>
[Config(typeof(DefaultBackendConfig))]
public class RawBaselines
{
    private readonly List<EvpPKeyHandle> _handles = [];
    private EvpPKeyHandle _senderNode = null!;
    private EvpPKeyHandle[] _recipientEphemerals = [];
    private byte[][] _recipientPoints = [];
    private byte[] _nodeSignature = [];
    private byte[] _ephemeralSignature = [];
    private byte[] _signedData = [];
    private ECDsa _dotNetSigner = null!;
    private ECDiffieHellmanPublicKey[] _dotNetRecipients = [];
    private ECDiffieHellman[] _dotNetOwners = [];

    [Params(1, 4, 16, 64)]
    public int Recipients { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (!OpenSslP521.IsAvailable)
        {
            throw new InvalidOperationException("the raw OpenSSL baselines need libcrypto.so.3 (OpenSSL 3) on Linux");
        }

        _senderNode = Keep(NewKey(out _));
        _recipientPoints = new byte[Recipients][];
        _recipientEphemerals = new EvpPKeyHandle[Recipients];
        for (var i = 0; i < Recipients; i++)
        {
            using var pair = NewKey(out _recipientPoints[i]);
            _recipientEphemerals[i] = Keep(OpenSslP521.ImportPublicKey(_recipientPoints[i]));
        }

        // A signature over a point, as a root signs a node key and a node an ephemeral key; the packet signature
        // covers the packet body, about 500 bytes plus 90 per recipient.
        _nodeSignature = OpenSslP521.Sign(_senderNode, _recipientPoints[0]);
        _ephemeralSignature = _nodeSignature;
        _signedData = RandomNumberGenerator.GetBytes(500 + (90 * Recipients));

        _dotNetSigner = ECDsa.Create(ECCurve.NamedCurves.nistP521);
        _dotNetOwners = [.. Enumerable.Range(0, Recipients).Select(_ => ECDiffieHellman.Create(ECCurve.NamedCurves.nistP521))];
        _dotNetRecipients = [.. _dotNetOwners.Select(o => o.PublicKey)];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var handle in _handles)
        {
            handle.Dispose();
        }

        _dotNetSigner.Dispose();
        foreach (var owner in _dotNetOwners)
        {
            owner.Dispose();
        }
    }

    /// <summary>1 key generation + N ECDH + 1 signature on libcrypto: the "raw limit" for one encode.</summary>
    [Benchmark(Baseline = true)]
    public byte[] OpenSslEncode()
    {
        Span<byte> secret = stackalloc byte[EcPublicKey.CoordinateSize];
        using var ephemeral = NewKey(out _);
        for (var i = 0; i < _recipientEphemerals.Length; i++)
        {
            OpenSslP521.Derive(ephemeral, _recipientEphemerals[i], secret);
        }

        return OpenSslP521.Sign(_senderNode, _signedData);
    }

    /// <summary>The same on .NET's own classes with all keys preloaded.</summary>
    [Benchmark]
    public byte[] DotNetEncode()
    {
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP521);
        for (var i = 0; i < _dotNetRecipients.Length; i++)
        {
            CryptographicOperations.ZeroMemory(ephemeral.DeriveRawSecretAgreement(_dotNetRecipients[i]));
        }

        return _dotNetSigner.SignData(_signedData, HashAlgorithmName.SHA512, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary><see cref="OpenSslEncode"/> plus, per recipient, one key parse and one verify (a fresh, signed ephemeral key).</summary>
    [Benchmark]
    public byte[] OpenSslEncodeFreshEphemeral()
    {
        Span<byte> secret = stackalloc byte[EcPublicKey.CoordinateSize];
        using var ephemeral = NewKey(out _);
        for (var i = 0; i < _recipientPoints.Length; i++)
        {
            using var peer = OpenSslP521.ImportPublicKey(_recipientPoints[i]);
            Verify(_ephemeralSignature);
            OpenSslP521.Derive(ephemeral, peer, secret);
        }

        return OpenSslP521.Sign(_senderNode, _signedData);
    }

    /// <summary><see cref="OpenSslEncode"/> plus, per recipient, three key parses (root, node, ephemeral) and two verifies.</summary>
    [Benchmark]
    public byte[] OpenSslEncodeCold()
    {
        Span<byte> secret = stackalloc byte[EcPublicKey.CoordinateSize];
        using var ephemeral = NewKey(out _);
        for (var i = 0; i < _recipientPoints.Length; i++)
        {
            using var root = OpenSslP521.ImportPublicKey(_recipientPoints[i]);
            using var node = OpenSslP521.ImportPublicKey(_recipientPoints[i]);
            using var peer = OpenSslP521.ImportPublicKey(_recipientPoints[i]);
            Verify(_nodeSignature);
            Verify(_ephemeralSignature);
            OpenSslP521.Derive(ephemeral, peer, secret);
        }

        return OpenSslP521.Sign(_senderNode, _signedData);
    }

    private void Verify(byte[] signature)
    {
        if (!OpenSslP521.Verify(_senderNode, _recipientPoints[0], signature, HashAlgorithmName.SHA512))
        {
            throw new InvalidOperationException("baseline signature did not verify");
        }
    }

    private EvpPKeyHandle Keep(EvpPKeyHandle handle)
    {
        _handles.Add(handle);
        return handle;
    }

    /// <summary>A fresh P-521 key on libcrypto and its public point; the scalar is zeroed.</summary>
    internal static EvpPKeyHandle NewKey(out byte[] point)
    {
        Span<byte> scalar = stackalloc byte[EcPublicKey.CoordinateSize];
        point = new byte[OpenSslP521.PointSize];
        var key = OpenSslP521.Generate(scalar, point);
        CryptographicOperations.ZeroMemory(scalar);
        return key;
    }
}
