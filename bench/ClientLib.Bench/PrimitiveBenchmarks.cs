using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Crypto.Native;

namespace Wickr.Cluster.Bench;

/// <summary>
/// One primitive per benchmark, on each backend that offers it, to choose the backend per primitive by measurement:
/// P-521 sign, verify, ECDH, public key import and key generation on .NET and on libcrypto; HKDF-SHA512 and
/// AES-256-GCM on .NET; AES-256-CTR on .NET's ECB block function and on BouncyCastle's SicBlockCipher; scrypt on
/// BouncyCastle (.NET has none) with the wire format's default cost N = 2^17, r = 8, p = 1.
/// </summary>
[Config(typeof(DefaultBackendConfig))]
[MemoryDiagnoser]
public class PrimitiveBenchmarks
{
    private readonly byte[] _data = RandomNumberGenerator.GetBytes(600);
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(66);
    private readonly byte[] _info = RandomNumberGenerator.GetBytes(300);
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _ctrIv = RandomNumberGenerator.GetBytes(16);
    private readonly byte[] _wrappedKey = RandomNumberGenerator.GetBytes(CipherKey.EncodedSize);
    private readonly byte[] _wrapOutput = new byte[CipherKey.EncodedSize];
    private readonly byte[] _payload = RandomNumberGenerator.GetBytes(1024);
    private readonly byte[] _salt = RandomNumberGenerator.GetBytes(16);
    private ECDsa _dotNetSigner = null!;
    private ECDsa _dotNetVerifier = null!;
    private ECDiffieHellman _dotNetMine = null!;
    private ECDiffieHellman _dotNetTheirsOwner = null!;
    private ECDiffieHellmanPublicKey _dotNetTheirs = null!;
    private ECParameters _publicParameters;
    private EvpPKeyHandle _nativeSigner = null!;
    private EvpPKeyHandle _nativeVerifier = null!;
    private EvpPKeyHandle _nativeMine = null!;
    private EvpPKeyHandle _nativeTheirs = null!;
    private byte[] _point = [];
    private byte[] _encodedPublicKey = [];
    private byte[] _signature = [];
    private CipherKey _gcmKey = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dotNetSigner = ECDsa.Create(ECCurve.NamedCurves.nistP521);
        _publicParameters = _dotNetSigner.ExportParameters(includePrivateParameters: false);
        _dotNetVerifier = ECDsa.Create(_publicParameters);
        _dotNetMine = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP521);
        _dotNetTheirsOwner = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP521);
        _dotNetTheirs = _dotNetTheirsOwner.PublicKey;
        _signature = _dotNetSigner.SignData(_data, HashAlgorithmName.SHA512, DSASignatureFormat.Rfc3279DerSequence);

        _point = new byte[OpenSslP521.PointSize];
        _point[0] = 0x04;
        _publicParameters.Q.X!.CopyTo(_point, 1);
        _publicParameters.Q.Y!.CopyTo(_point, 1 + EcPublicKey.CoordinateSize);
        _encodedPublicKey = [EcPublicKey.P521CurveId, .. _point];
        Span<byte> scalar = stackalloc byte[EcPublicKey.CoordinateSize];
        _nativeSigner = OpenSslP521.Generate(scalar, new byte[OpenSslP521.PointSize]);
        _nativeMine = OpenSslP521.Generate(scalar, new byte[OpenSslP521.PointSize]);
        CryptographicOperations.ZeroMemory(scalar);
        _nativeVerifier = OpenSslP521.ImportPublicKey(_point);
        _nativeTheirs = OpenSslP521.ImportPublicKey(_point);
        _gcmKey = CipherKey.Generate();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _dotNetSigner.Dispose();
        _dotNetVerifier.Dispose();
        _dotNetMine.Dispose();
        _dotNetTheirs.Dispose();
        _dotNetTheirsOwner.Dispose();
        _nativeSigner.Dispose();
        _nativeVerifier.Dispose();
        _nativeMine.Dispose();
        _nativeTheirs.Dispose();
        _gcmKey.Dispose();
    }

    [Benchmark]
    public byte[] SignDotNet() => _dotNetSigner.SignData(_data, HashAlgorithmName.SHA512, DSASignatureFormat.Rfc3279DerSequence);

    [Benchmark]
    public byte[] SignOpenSsl() => OpenSslP521.Sign(_nativeSigner, _data);

    [Benchmark]
    public bool VerifyDotNet() => _dotNetVerifier.VerifyData(_data, _signature, HashAlgorithmName.SHA512, DSASignatureFormat.Rfc3279DerSequence);

    [Benchmark]
    public bool VerifyOpenSsl() => OpenSslP521.Verify(_nativeVerifier, _data, _signature, HashAlgorithmName.SHA512);

    /// <summary>.NET's agreement, keys loaded: it re-validates the peer (point order check) on every call.</summary>
    [Benchmark]
    public byte[] EcdhDotNet() => _dotNetMine.DeriveRawSecretAgreement(_dotNetTheirs);

    /// <summary>libcrypto's agreement with the peer checked on parse only.</summary>
    [Benchmark]
    public byte EcdhOpenSsl()
    {
        Span<byte> secret = stackalloc byte[EcPublicKey.CoordinateSize];
        OpenSslP521.Derive(_nativeMine, _nativeTheirs, secret);
        return secret[0];
    }

    /// <summary>libcrypto's agreement with its full peer check on, as .NET calls it: where .NET's extra cost comes from.</summary>
    [Benchmark]
    public unsafe byte EcdhOpenSslPeerChecked()
    {
        Span<byte> secret = stackalloc byte[EcPublicKey.CoordinateSize];
        using var context = LibCrypto.EVP_PKEY_CTX_new_from_pkey(0, _nativeMine, null);
        var length = (nuint)secret.Length;
        fixed (byte* output = secret)
        {
            if (LibCrypto.EVP_PKEY_derive_init(context) != 1
                || LibCrypto.EVP_PKEY_derive_set_peer_ex(context, _nativeTheirs, validatePeer: 1) != 1
                || LibCrypto.EVP_PKEY_derive(context, output, ref length) != 1)
            {
                throw new CryptographicException("derive failed");
            }
        }

        return secret[0];
    }

    /// <summary>.NET's import of a P-521 public key for ECDH (validates the point, order check included).</summary>
    [Benchmark]
    public void ImportDotNetEcdh()
    {
        using var key = ECDiffieHellman.Create(_publicParameters);
    }

    /// <summary>.NET's import of a P-521 public key for ECDSA.</summary>
    [Benchmark]
    public void ImportDotNetEcdsa()
    {
        using var key = ECDsa.Create(_publicParameters);
    }

    /// <summary>libcrypto's parse of the SEC1 point (field range and on-curve checked).</summary>
    [Benchmark]
    public void ImportOpenSsl()
    {
        using var key = OpenSslP521.ImportPublicKey(_point);
    }

    /// <summary>The wire decode of a 134-byte public key through the default backend, validation included.</summary>
    [Benchmark]
    public void DecodePublicKey()
    {
        using var key = EcPublicKey.Decode(_encodedPublicKey);
    }

    [Benchmark]
    public ECParameters KeyGenDotNet()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP521);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        CryptographicOperations.ZeroMemory(parameters.D);
        return parameters;
    }

    [Benchmark]
    public byte KeyGenOpenSsl()
    {
        Span<byte> scalar = stackalloc byte[EcPublicKey.CoordinateSize];
        Span<byte> point = stackalloc byte[OpenSslP521.PointSize];
        using var key = OpenSslP521.Generate(scalar, point);
        CryptographicOperations.ZeroMemory(scalar);
        return point[1];
    }

    /// <summary>K_exch: HKDF-SHA512 of a 66-byte secret with the v4 info (2 root keys and a dev_id), 32 bytes out.</summary>
    [Benchmark]
    public byte[] HkdfSha512() => Kdf.Hkdf(HashAlgorithmName.SHA512, _secret, default, _info, 32);

    [Benchmark]
    public byte[] Gcm1KiB() => SymmetricCipher.Encrypt(_gcmKey, _payload);

    /// <summary>Wrapping the 33-byte packet key with AES-256-CTR on .NET's ECB block function (the library's path).</summary>
    [Benchmark]
    public byte CtrWrapDotNetEcb()
    {
        AesCtr.Transform(_key, _ctrIv, _wrappedKey, _wrapOutput);
        return _wrapOutput[0];
    }

    /// <summary>The same on BouncyCastle's SicBlockCipher over its fastest AES engine (AES-NI on x86, tables elsewhere).</summary>
    [Benchmark]
    public byte CtrWrapBouncyCastle()
    {
        var cipher = new BufferedBlockCipher(new SicBlockCipher(AesUtilities.CreateEngine()));
        cipher.Init(forEncryption: true, new ParametersWithIV(new KeyParameter(_key), _ctrIv));
        var written = cipher.ProcessBytes(_wrappedKey, 0, _wrappedKey.Length, _wrapOutput, 0);
        cipher.DoFinal(_wrapOutput, written);
        return _wrapOutput[0];
    }

    [Benchmark]
    public byte[] Scrypt17() => Kdf.Scrypt("correct horse battery staple"u8, _salt, 1 << 17, 8, 1, 32);
}
