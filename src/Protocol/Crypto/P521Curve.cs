using System.Numerics;

namespace Wickr.Cluster.Protocol.Crypto;

/// <summary>
/// The curve equation of P-521 (FIPS 186-4 D.1.2.5), <c>y² = x³ − 3x + b (mod p)</c> with <c>p = 2^521 − 1</c>. P-521 has
/// prime order (cofactor 1), so an affine point with coordinates in the field that satisfies the equation is a
/// valid public key; this is the whole check, with no scalar multiplication.
/// </summary>
internal static class P521Curve
{
    private static readonly BigInteger P = (BigInteger.One << 521) - 1;

    private static readonly BigInteger B = BigInteger.Parse(
        "0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00",
        System.Globalization.NumberStyles.HexNumber,
        System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True when big-endian <paramref name="x"/>, <paramref name="y"/> are field elements on the curve.</summary>
    public static bool IsOnCurve(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        var px = new BigInteger(x, isUnsigned: true, isBigEndian: true);
        var py = new BigInteger(y, isUnsigned: true, isBigEndian: true);
        if (px >= P || py >= P)
        {
            return false;
        }

        return BigInteger.ModPow(py, 2, P) == RightSide(px);
    }

    /// <summary>
    /// Writes the y (66 bytes, big-endian) of the point with big-endian <paramref name="x"/> whose lowest bit is
    /// <paramref name="odd"/>; false when x is not a field element or no such point exists. p ≡ 3 (mod 4), so a square
    /// root of a is a^((p+1)/4) = a^(2^519) when a has one: 519 squarings, each reduced with p's Mersenne form instead of a
    /// division (what keeps decompression cheap enough for every stored key).
    /// </summary>
    public static bool TryRecoverY(ReadOnlySpan<byte> x, bool odd, Span<byte> y)
    {
        var px = new BigInteger(x, isUnsigned: true, isBigEndian: true);
        if (px >= P)
        {
            return false;
        }

        var right = RightSide(px);
        var root = SquareRoot(right);
        if (BigInteger.ModPow(root, 2, P) != right || (root.IsZero && odd))
        {
            return false;
        }

        if (!root.IsEven != odd)
        {
            root = P - root;
        }

        y.Clear();
        return root.TryWriteBytes(y[(y.Length - root.GetByteCount(isUnsigned: true))..], out _, isUnsigned: true, isBigEndian: true);
    }

    private static BigInteger SquareRoot(BigInteger a)
    {
        for (var i = 0; i < 519; i++)
        {
            a = Reduce(a * a);
        }

        return a;
    }

    // x mod (2^521 − 1) for 0 ≤ x < 2^1042: 2^521 ≡ 1, so the high bits fold onto the low ones.
    private static BigInteger Reduce(BigInteger x)
    {
        x = (x & P) + (x >> 521);
        x = (x & P) + (x >> 521);
        return x >= P ? x - P : x;
    }

    // x³ − 3x + b (mod p), in [0, p).
    private static BigInteger RightSide(BigInteger x) => (((BigInteger.ModPow(x, 3, P) - (3 * x) + B) % P) + P) % P;
}
