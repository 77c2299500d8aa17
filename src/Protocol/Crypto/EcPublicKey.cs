using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto.Native;

namespace Wickr.Cluster.Protocol.Crypto;

/// <summary>
/// A P-521 public key in the wire format's 134-byte "pub data" form: curve id <c>0x00</c> ‖ <c>04 ‖ X(66) ‖ Y(66)</c>.
/// Parsing into the platform's key objects is costly, so it happens once, lazily, and the parsed handles are kept:
/// hold on to an instance (for example per contact device) instead of re-importing the bytes.
/// </summary>
public sealed class EcPublicKey : IEquatable<EcPublicKey>, IDisposable
{
    /// <summary>Size of the encoding.</summary>
    public const int EncodedSize = ProtocolSizes.PublicKey;

    /// <summary>Curve id of P-521.</summary>
    public const byte P521CurveId = 0;

    /// <summary>Size of one P-521 coordinate.</summary>
    public const int CoordinateSize = 66;

    private readonly byte[] _encoded;
    private volatile bool _onCurve;
    private ECDsa? _verifier;
    private ECDiffieHellmanPublicKey? _exchangeKey;
    private ECDiffieHellman? _exchangeOwner;
    private EvpPKeyHandle? _native;

    private EcPublicKey(byte[] encoded, bool onCurve)
    {
        _encoded = encoded;
        _onCurve = onCurve;
    }

    /// <summary>The 134-byte encoding.</summary>
    public ReadOnlySpan<byte> Encoded => _encoded;

    /// <summary>The 134-byte encoding as a new array.</summary>
    public byte[] ToArray() => (byte[])_encoded.Clone();

    /// <summary>
    /// Reads a 134-byte encoding. The point is checked to lie on the curve; a bad length, curve id, point format
    /// or point throws <see cref="WickrException"/> (Parse).
    /// </summary>
    public static EcPublicKey Decode(ReadOnlySpan<byte> encoded)
    {
        var key = DecodeUnchecked(encoded);
        EcBackend.Default.Validate(key);
        return key;
    }

    /// <summary>Reads the encoding's framing only; the point is checked on first use.</summary>
    internal static EcPublicKey DecodeUnchecked(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length != EncodedSize)
        {
            throw new WickrException(WickrError.Parse, $"a public key has {EncodedSize} bytes, not {encoded.Length}");
        }

        if (encoded[0] != P521CurveId)
        {
            throw new WickrException(WickrError.Parse, $"unsupported curve id {encoded[0]}");
        }

        if (encoded[1] != 0x04)
        {
            throw new WickrException(WickrError.Parse, "a public key must be an uncompressed SEC1 point");
        }

        return new EcPublicKey(encoded.ToArray(), onCurve: false);
    }

    /// <summary>Wraps the encoding of a key this process generated or imported as a private key: no check needed.</summary>
    internal static EcPublicKey FromTrusted(byte[] encoded) => new(encoded, onCurve: true);

    internal static EcPublicKey FromParameters(ECParameters parameters)
    {
        var encoded = new byte[EncodedSize];
        encoded[0] = P521CurveId;
        encoded[1] = 0x04;
        parameters.Q.X.AsSpan().CopyTo(encoded.AsSpan(2 + CoordinateSize - parameters.Q.X!.Length));
        parameters.Q.Y.AsSpan().CopyTo(encoded.AsSpan(2 + (2 * CoordinateSize) - parameters.Q.Y!.Length));
        return FromTrusted(encoded);
    }

    internal ECParameters ToParameters() => new()
    {
        Curve = ECCurve.NamedCurves.nistP521,
        Q = new ECPoint
        {
            X = _encoded.AsSpan(2, CoordinateSize).ToArray(),
            Y = _encoded.AsSpan(2 + CoordinateSize, CoordinateSize).ToArray(),
        },
    };

    /// <summary>.NET's verifier for this key, imported on first use.</summary>
    internal ECDsa Verifier
    {
        get
        {
            if (Volatile.Read(ref _verifier) is { } verifier)
            {
                return verifier;
            }

            lock (_encoded)
            {
                return _verifier ??= Import(ECDsa.Create);
            }
        }
    }

    /// <summary>.NET's key-agreement view of this key, imported on first use.</summary>
    internal ECDiffieHellmanPublicKey ExchangeKey
    {
        get
        {
            if (Volatile.Read(ref _exchangeKey) is { } exchangeKey)
            {
                return exchangeKey;
            }

            lock (_encoded)
            {
                if (_exchangeKey is null)
                {
                    var owner = Import(ECDiffieHellman.Create);
                    _exchangeOwner = owner;
                    _exchangeKey = owner.PublicKey;
                }

                return _exchangeKey;
            }
        }
    }

    /// <summary>The libcrypto key, parsed (and so checked) on first use.</summary>
    internal EvpPKeyHandle NativeKey
    {
        get
        {
            if (Volatile.Read(ref _native) is { } native)
            {
                return native;
            }

            lock (_encoded)
            {
                return _native ??= OpenSslP521.ImportPublicKey(_encoded.AsSpan(1));
            }
        }
    }

    /// <summary>Checks the curve equation (once); throws <see cref="WickrException"/> (Parse) when the point is not on P-521.</summary>
    internal void CheckOnCurve()
    {
        if (_onCurve)
        {
            return;
        }

        if (!P521Curve.IsOnCurve(_encoded.AsSpan(2, CoordinateSize), _encoded.AsSpan(2 + CoordinateSize, CoordinateSize)))
        {
            throw new WickrException(WickrError.Parse, "the public key is not a valid P-521 point");
        }

        _onCurve = true;
    }

    private T Import<T>(Func<ECParameters, T> create)
    {
        CheckOnCurve();
        try
        {
            return create(ToParameters());
        }
        catch (CryptographicException ex)
        {
            throw new WickrException(WickrError.Parse, "the public key is not a valid P-521 point", ex);
        }
    }

    /// <inheritdoc />
    public bool Equals(EcPublicKey? other) => other is not null && _encoded.AsSpan().SequenceEqual(other._encoded);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as EcPublicKey);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.ToInt32(_encoded, EncodedSize - 4);

    /// <summary>Releases the parsed platform handles.</summary>
    public void Dispose()
    {
        lock (_encoded)
        {
            _verifier?.Dispose();
            _exchangeKey?.Dispose();
            _exchangeOwner?.Dispose();
            _native?.Dispose();
        }
    }
}
