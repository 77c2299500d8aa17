using System.Security.Cryptography;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Encoding;

namespace Wickr.Cluster.Protocol.Tests.Encoding;

/// <summary>Crockford base32 in RFC 4648 bit order without padding, as the reference shows fingerprints.</summary>
public sealed class CrockfordBase32Tests
{
    // Expected strings computed independently with the vectors' checker (check-packets.py, b32).
    [Theory]
    [InlineData("", "")]
    [InlineData("00", "00")]
    [InlineData("ff", "ZW")]
    [InlineData("66", "CR")]
    [InlineData("666f6f626172", "CSQPYRK1E8")]
    [InlineData("ffffffffff", "ZZZZZZZZ")]
    public void Encodes_known_values(string hex, string expected)
    {
        Assert.Equal(expected, CrockfordBase32.Encode(Convert.FromHexString(hex)));
        Assert.Equal(Convert.FromHexString(hex), CrockfordBase32.Decode(expected, hex.Length / 2));
    }

    [Fact]
    public void Every_length_round_trips()
    {
        for (var length = 0; length <= 70; length++)
        {
            var data = RandomNumberGenerator.GetBytes(length);
            var text = CrockfordBase32.Encode(data);
            Assert.Equal(CrockfordBase32.EncodedLength(length), text.Length);
            Assert.Equal(data, CrockfordBase32.Decode(text, length));
            Assert.Equal(data, CrockfordBase32.Decode(text.ToLowerInvariant(), length));
        }
    }

    [Theory]
    [InlineData("ZX", 1)]
    [InlineData("Z", 1)]
    [InlineData("ZWZ", 1)]
    [InlineData("U0", 1)]
    [InlineData("*0", 1)]
    public void Malformed_text_is_Parse(string text, int bytes)
    {
        var ex = Assert.Throws<WickrException>(() => CrockfordBase32.Decode(text, bytes));
        Assert.Equal(WickrError.Parse, ex.Error);
    }
}
