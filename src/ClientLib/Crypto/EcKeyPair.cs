using System.Security.Cryptography;

namespace Wickr.Cluster.ClientLib.Crypto;

/// <summary>
/// A P-521 key pair (root, node or ephemeral). The private scalar is zeroed when the pair is disposed; the
/// platform key objects are created on first use and released with it.
/// </summary>
public sealed class EcKeyPair : IDisposable
{
    private readonly byte[] _privateScalar;
    private readonly object _gate = new();
    private ECDsa? _signer;
    private ECDiffieHellman? _exchanger;
    private bool _disposed;

    private EcKeyPair(byte[] privateScalar, EcPublicKey publicKey)
    {
        _privateScalar = privateScalar;
        PublicKey = publicKey;
    }

    /// <summary>The public half.</summary>
    public EcPublicKey PublicKey { get; }

    /// <summary>A fresh key pair from the platform's random generator.</summary>
    public static EcKeyPair Generate()
    {
        using var ecdh = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP521);
        var parameters = ecdh.ExportParameters(includePrivateParameters: true);
        var pair = new EcKeyPair(PadScalar(parameters.D!), EcPublicKey.FromParameters(parameters));
        pair._exchanger = ECDiffieHellman.Create(parameters);
        CryptographicOperations.ZeroMemory(parameters.D);
        return pair;
    }

    /// <summary>
    /// Reads a DER <c>ECPrivateKey</c> (RFC 5915, SEC1) on P-521, as the reference implementation writes it.
    /// Throws <see cref="WickrException"/> (Parse) when it is not one.
    /// </summary>
    public static EcKeyPair ImportDer(ReadOnlySpan<byte> der)
    {
        using var ecdsa = ECDsa.Create();
        ECParameters parameters;
        try
        {
            ecdsa.ImportECPrivateKey(der, out var read);
            if (read != der.Length)
            {
                throw new WickrException(WickrError.Parse, "trailing bytes after the private key");
            }

            parameters = ecdsa.ExportParameters(includePrivateParameters: true);
        }
        catch (CryptographicException ex)
        {
            throw new WickrException(WickrError.Parse, "not a DER EC private key", ex);
        }

        try
        {
            if (parameters.Curve.Oid?.Value != ECCurve.NamedCurves.nistP521.Oid.Value)
            {
                throw new WickrException(WickrError.Parse, "the private key is not on P-521");
            }

            return new EcKeyPair(PadScalar(parameters.D!), EcPublicKey.FromParameters(parameters));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    /// <summary>The DER <c>ECPrivateKey</c> with the named curve and public key, as the reference writes it. The caller should zero it.</summary>
    public byte[] ExportDer() => Signer.ExportECPrivateKey();

    internal ECDsa Signer
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return _signer ??= WithParameters(ECDsa.Create);
            }
        }
    }

    internal ECDiffieHellman Exchanger
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return _exchanger ??= WithParameters(ECDiffieHellman.Create);
            }
        }
    }

    private T WithParameters<T>(Func<ECParameters, T> create)
    {
        var parameters = PublicKey.ToParameters();
        parameters.D = (byte[])_privateScalar.Clone();
        try
        {
            return create(parameters);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    private static byte[] PadScalar(byte[] d)
    {
        var padded = new byte[EcPublicKey.CoordinateSize];
        d.CopyTo(padded, padded.Length - d.Length);
        return padded;
    }

    /// <summary>Zeroes the private scalar and releases the platform keys.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            CryptographicOperations.ZeroMemory(_privateScalar);
            _signer?.Dispose();
            _exchanger?.Dispose();
        }
    }
}
