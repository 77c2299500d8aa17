using System.Numerics;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Protocol.Tests.Crypto;

/// <summary>Both backends refuse what is not a P-521 point, with a Parse error and at the first opportunity.</summary>
public sealed class PointValidationTests
{
    public static TheoryData<string> Backends => Crypto.Backends.Names;

    [Theory]
    [MemberData(nameof(Backends))]
    public void An_off_curve_point_is_a_parse_error(string name)
    {
        if (Crypto.Backends.Get(name) is not { } backend)
        {
            return;
        }

        var suite = new P521Suite(backend);
        using var key = suite.GenerateKeyPair();
        var encoded = key.PublicKey.ToArray();
        encoded[^1] ^= 1;

        Assert.Equal(WickrError.Parse, Assert.Throws<WickrException>(() => suite.DecodePublicKey(encoded)).Error);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void A_coordinate_outside_the_field_is_a_parse_error(string name)
    {
        if (Crypto.Backends.Get(name) is not { } backend)
        {
            return;
        }

        var p = (BigInteger.One << 521) - 1;
        var x = new BigInteger(P521CurveTests.Gx, isUnsigned: true, isBigEndian: true);
        byte[] encoded = [EcPublicKey.P521CurveId, 0x04, .. P521CurveTests.Pad((x + p).ToByteArray(isUnsigned: true, isBigEndian: true)), .. P521CurveTests.Gy];

        Assert.Equal(WickrError.Parse, Assert.Throws<WickrException>(() => new P521Suite(backend).DecodePublicKey(encoded)).Error);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void The_all_zero_point_is_a_parse_error(string name)
    {
        if (Crypto.Backends.Get(name) is not { } backend)
        {
            return;
        }

        byte[] encoded = [EcPublicKey.P521CurveId, 0x04, .. new byte[132]];

        Assert.Equal(WickrError.Parse, Assert.Throws<WickrException>(() => new P521Suite(backend).DecodePublicKey(encoded)).Error);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void An_unchecked_off_curve_key_fails_with_parse_when_first_used(string name)
    {
        if (Crypto.Backends.Get(name) is not { } backend)
        {
            return;
        }

        var suite = new P521Suite(backend);
        using var mine = suite.GenerateKeyPair();
        var encoded = mine.PublicKey.ToArray();
        encoded[40] ^= 0x10;
        using var bad = EcPublicKey.DecodeUnchecked(encoded);
        var signature = suite.Sign(mine, "data"u8);

        Assert.Equal(WickrError.Parse, Assert.Throws<WickrException>(() => suite.AgreeSecret(mine, bad)).Error);
        Assert.Equal(WickrError.Parse, Assert.Throws<WickrException>(() => suite.Verify(bad, "data"u8, signature)).Error);
    }

    [Fact]
    public void The_process_default_checks_points_on_decode()
    {
        using var key = EcKeyPair.Generate();
        var encoded = key.PublicKey.ToArray();
        encoded[70] ^= 0x01;

        Assert.Equal(WickrError.Parse, Assert.Throws<WickrException>(() => EcPublicKey.Decode(encoded)).Error);
    }
}
