using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Protocol.Tests.Crypto;

public sealed class P521CurveTests
{
    // The base point G of P-521 (FIPS 186-4 D.1.2.5).
    internal static readonly byte[] Gx = Convert.FromHexString(
        "00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66");

    internal static readonly byte[] Gy = Convert.FromHexString(
        "011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650");

    [Fact]
    public void The_base_point_is_on_the_curve()
    {
        Assert.True(P521Curve.IsOnCurve(Gx, Gy));
    }

    [Fact]
    public void Generated_points_are_on_the_curve()
    {
        for (var i = 0; i < 5; i++)
        {
            using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP521);
            var q = key.ExportParameters(includePrivateParameters: false).Q;
            Assert.True(P521Curve.IsOnCurve(q.X, q.Y));
        }
    }

    [Fact]
    public void A_changed_coordinate_is_off_the_curve()
    {
        var y = (byte[])Gy.Clone();
        y[^1] ^= 1;

        Assert.False(P521Curve.IsOnCurve(Gx, y));
        Assert.False(P521Curve.IsOnCurve(new byte[66], new byte[66]));
    }

    [Fact]
    public void A_coordinate_outside_the_field_is_refused_even_when_it_reduces_to_a_point()
    {
        // x + p has the same residue as x, so only the range check can refuse it; both sums still fit in 66 bytes.
        var p = (System.Numerics.BigInteger.One << 521) - 1;
        var x = new System.Numerics.BigInteger(Gx, isUnsigned: true, isBigEndian: true);
        var y = new System.Numerics.BigInteger(Gy, isUnsigned: true, isBigEndian: true);
        var xPlusP = Pad((x + p).ToByteArray(isUnsigned: true, isBigEndian: true));
        var yPlusP = Pad((y + p).ToByteArray(isUnsigned: true, isBigEndian: true));

        Assert.False(P521Curve.IsOnCurve(xPlusP, Gy));
        Assert.False(P521Curve.IsOnCurve(Gx, yPlusP));
    }

    internal static byte[] Pad(byte[] value)
    {
        Assert.True(value.Length <= 66);
        var padded = new byte[66];
        value.CopyTo(padded, 66 - value.Length);
        return padded;
    }
}
