namespace Wickr.Cluster.Protocol.Crypto;

/// <summary>
/// A P-521 public key's pub data in SEC1 compressed form for storage: curve id <c>0x00</c> ‖ <c>02|03</c> ‖ X(66), 68 bytes
/// instead of 134. Never on the wire: whoever stores this form restores the 134-byte pub data (<see cref="EcPublicKey"/>)
/// byte-exact with <see cref="TryDecompress"/>, which holds only for a point on the curve, so <see cref="TryCompress"/>
/// checks the round trip and refuses anything else.
/// </summary>
public static class CompressedPublicKey
{
    /// <summary>Size of the compressed form.</summary>
    public const int EncodedSize = 2 + EcPublicKey.CoordinateSize;

    private const byte EvenY = 0x02;
    private const byte OddY = 0x03;

    /// <summary>
    /// The compressed form of 134-byte pub data, or null when <paramref name="publicKey"/> is not the pub data of a
    /// P-521 point (length, curve id, point format, or a point off the curve): decompressing the result gives back exactly
    /// <paramref name="publicKey"/>.
    /// </summary>
    /// <param name="publicKey">Pub data: curve id ‖ <c>04 ‖ X(66) ‖ Y(66)</c>.</param>
    public static byte[]? TryCompress(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != EcPublicKey.EncodedSize || publicKey[0] != EcPublicKey.P521CurveId || publicKey[1] != 0x04)
        {
            return null;
        }

        var compressed = new byte[EncodedSize];
        compressed[0] = EcPublicKey.P521CurveId;
        compressed[1] = (publicKey[^1] & 1) == 0 ? EvenY : OddY;
        publicKey.Slice(2, EcPublicKey.CoordinateSize).CopyTo(compressed.AsSpan(2));
        var restored = TryDecompress(compressed);
        return restored is not null && restored.AsSpan().SequenceEqual(publicKey) ? compressed : null;
    }

    /// <summary>The 134-byte pub data of a compressed key, or null when <paramref name="compressed"/> names no P-521 point.</summary>
    /// <param name="compressed">Curve id ‖ <c>02|03</c> ‖ X(66).</param>
    public static byte[]? TryDecompress(ReadOnlySpan<byte> compressed)
    {
        if (compressed.Length != EncodedSize || compressed[0] != EcPublicKey.P521CurveId || compressed[1] is not (EvenY or OddY))
        {
            return null;
        }

        var publicKey = new byte[EcPublicKey.EncodedSize];
        publicKey[0] = EcPublicKey.P521CurveId;
        publicKey[1] = 0x04;
        var x = compressed[2..];
        x.CopyTo(publicKey.AsSpan(2));
        var y = publicKey.AsSpan(2 + EcPublicKey.CoordinateSize);
        var recovered = Native.OpenSslP521.IsAvailable
            ? Native.OpenSslP521.TryRecoverY(compressed[1..], y)
            : P521Curve.TryRecoverY(x, compressed[1] == OddY, y);
        return recovered ? publicKey : null;
    }
}
