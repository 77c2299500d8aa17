using System.Security.Cryptography;

namespace Wickr.Cluster.ClientLib.Crypto;

/// <summary>
/// A P-521 public key in the wire format's 134-byte "pub data" form: curve id <c>0x00</c> ‖ <c>04 ‖ X(66) ‖ Y(66)</c>.
/// Parsing into the platform's key objects is costly, so it happens once, lazily, and the parsed handles are kept:
/// hold on to an instance (for example per contact device) instead of re-importing the bytes.
/// </summary>
public sealed class EcPublicKey : IEquatable<EcPublicKey>, IDisposable
{
    /// <summary>Size of the encoding.</summary>
    public const int EncodedSize = 134;

    /// <summary>Curve id of P-521.</summary>
    public const byte P521CurveId = 0;

    /// <summary>Size of one P-521 coordinate.</summary>
    public const int CoordinateSize = 66;

    private readonly byte[] _encoded;
    private ECDsa? _verifier;
    private ECDiffieHellmanPublicKey? _exchangeKey;
    private ECDiffieHellman? _exchangeOwner;

    private EcPublicKey(byte[] encoded) => _encoded = encoded;

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
        key.EnsureParsed();
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

        return new EcPublicKey(encoded.ToArray());
    }

    internal static EcPublicKey FromParameters(ECParameters parameters)
    {
        var encoded = new byte[EncodedSize];
        encoded[0] = P521CurveId;
        encoded[1] = 0x04;
        parameters.Q.X.AsSpan().CopyTo(encoded.AsSpan(2 + CoordinateSize - parameters.Q.X!.Length));
        parameters.Q.Y.AsSpan().CopyTo(encoded.AsSpan(2 + (2 * CoordinateSize) - parameters.Q.Y!.Length));
        return new EcPublicKey(encoded);
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

    internal ECDsa Verifier
    {
        get
        {
            EnsureParsed();
            return _verifier!;
        }
    }

    internal ECDiffieHellmanPublicKey ExchangeKey
    {
        get
        {
            EnsureParsed();
            return _exchangeKey!;
        }
    }

    private void EnsureParsed()
    {
        if (_verifier is not null)
        {
            return;
        }

        lock (_encoded)
        {
            if (_verifier is not null)
            {
                return;
            }

            try
            {
                var parameters = ToParameters();
                var owner = ECDiffieHellman.Create(parameters);
                _exchangeKey = owner.PublicKey;
                _exchangeOwner = owner;
                _verifier = ECDsa.Create(parameters);
            }
            catch (CryptographicException ex)
            {
                throw new WickrException(WickrError.Parse, "the public key is not a valid P-521 point", ex);
            }
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
        _verifier?.Dispose();
        _exchangeKey?.Dispose();
        _exchangeOwner?.Dispose();
    }
}
