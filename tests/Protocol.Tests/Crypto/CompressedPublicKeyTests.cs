using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Protocol.Tests.Crypto;

public sealed class CompressedPublicKeyTests
{
    // The point with x = 1 (65 leading zero bytes in X) and its y of each parity, computed independently (Python:
    // y = (x³ − 3x + b)^((p+1)/4) mod p, and p − y).
    private const string OneX = "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001";
    private const string OneEvenY = "0010e59be93c4f269c0269c79e2afd65d6aeaa9b701eacc194fb3ee03df47849bf550ec636ebee0ddd4a16f1cd9406605af38f584567770e3f272d688c832e843564";
    private const string OneOddY = "01ef1a6416c3b0d963fd963861d5029a295155648fe1533e6b04c11fc20b87b640aaf139c91411f222b5e90e326bf99fa50c70a7ba9888f1c0d8d297737cd17bca9b";

    // −G: the base point's x (a leading zero byte) with the odd y, p − Gy.
    private const string MinusGy = "00e7c6d6958765c43ffba375a04bd382e426670abbb6a864bb97e85042e8d8c199d368118d66a10bd9bf3aaf46fec052f89ecac38f795d8d3dbf77416b89602e99af";

    public static TheoryData<string, string, byte> Vectors => new()
    {
        { OneX, OneEvenY, 0x02 },
        { OneX, OneOddY, 0x03 },
        { Convert.ToHexStringLower(P521CurveTests.Gx), Convert.ToHexStringLower(P521CurveTests.Gy), 0x02 },
        { Convert.ToHexStringLower(P521CurveTests.Gx), MinusGy, 0x03 },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void A_point_compresses_to_its_x_and_parity_and_decompresses_to_the_same_bytes(string x, string y, byte prefix)
    {
        var publicKey = PubData(x, y);

        var compressed = CompressedPublicKey.TryCompress(publicKey);

        Assert.NotNull(compressed);
        Assert.Equal(CompressedPublicKey.EncodedSize, compressed.Length);
        Assert.Equal([EcPublicKey.P521CurveId, prefix, .. Convert.FromHexString(x)], compressed);
        Assert.Equal(publicKey, CompressedPublicKey.TryDecompress(compressed));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void The_managed_square_root_and_OpenSSL_recover_the_same_y(string x, string y, byte prefix)
    {
        var managed = new byte[EcPublicKey.CoordinateSize];
        Assert.True(P521Curve.TryRecoverY(Convert.FromHexString(x), prefix == 0x03, managed));
        Assert.Equal(Convert.FromHexString(y), managed);

        if (EcBackend.OpenSsl is not null)
        {
            var native = new byte[EcPublicKey.CoordinateSize];
            Assert.True(Wickr.Cluster.Protocol.Crypto.Native.OpenSslP521.TryRecoverY([prefix, .. Convert.FromHexString(x)], native));
            Assert.Equal(Convert.FromHexString(y), native);
        }
    }

    [Fact]
    public void The_managed_square_root_finds_no_point_where_there_is_none()
    {
        var x = new byte[EcPublicKey.CoordinateSize];
        x[^1] = 3;

        Assert.False(P521Curve.TryRecoverY(x, odd: false, new byte[EcPublicKey.CoordinateSize]));
        Assert.False(P521Curve.TryRecoverY([0x02, .. new byte[EcPublicKey.CoordinateSize - 1]], odd: false, new byte[EcPublicKey.CoordinateSize]));
    }

    [Fact]
    public void Generated_keys_round_trip_byte_exact()
    {
        for (var i = 0; i < 20; i++)
        {
            using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP521);
            var publicKey = EcPublicKey.FromParameters(key.ExportParameters(includePrivateParameters: false)).ToArray();

            Assert.Equal(publicKey, CompressedPublicKey.TryDecompress(CompressedPublicKey.TryCompress(publicKey)!));
        }
    }

    [Fact]
    public void A_point_off_the_curve_is_not_compressed()
    {
        var y = Convert.FromHexString(OneEvenY);
        y[^1] ^= 2;

        Assert.Null(CompressedPublicKey.TryCompress(PubData(OneX, Convert.ToHexString(y))));
        Assert.Null(CompressedPublicKey.TryCompress(new byte[EcPublicKey.EncodedSize]));
    }

    [Fact]
    public void Bad_framing_is_not_compressed_or_decompressed()
    {
        var publicKey = PubData(OneX, OneEvenY);
        var compressed = CompressedPublicKey.TryCompress(publicKey)!;

        Assert.Null(CompressedPublicKey.TryCompress(publicKey.AsSpan(1)));
        Assert.Null(CompressedPublicKey.TryCompress([1, .. publicKey.AsSpan(1)]));
        Assert.Null(CompressedPublicKey.TryCompress([0, 0x02, .. publicKey.AsSpan(2)]));
        Assert.Null(CompressedPublicKey.TryDecompress(compressed.AsSpan(1)));
        Assert.Null(CompressedPublicKey.TryDecompress([0, 0x04, .. compressed.AsSpan(2)]));
        Assert.Null(CompressedPublicKey.TryDecompress([1, .. compressed.AsSpan(1)]));
    }

    [Fact]
    public void An_x_with_no_point_or_outside_the_field_does_not_decompress()
    {
        // x = 3: x³ − 3x + b is not a square mod p.
        var noPoint = new byte[CompressedPublicKey.EncodedSize];
        noPoint[1] = 0x02;
        noPoint[^1] = 3;
        var outside = new byte[CompressedPublicKey.EncodedSize];
        outside[1] = 0x02;
        outside[2] = 0x02;

        Assert.Null(CompressedPublicKey.TryDecompress(noPoint));
        Assert.Null(CompressedPublicKey.TryDecompress(outside));
    }

    private static byte[] PubData(string x, string y) =>
        [EcPublicKey.P521CurveId, 0x04, .. Convert.FromHexString(x), .. Convert.FromHexString(y)];
}
