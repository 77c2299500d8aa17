using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Recovery;

namespace Wickr.Cluster.Protocol.Tests.Recovery;

/// <summary>Krbk as text for the hardened mode: both forms read back, typing slips are tolerated, damage is not.</summary>
public sealed class RecoveryKeyTextTests
{
    [Theory]
    [InlineData(RecoveryKeyFormat.Base32, 53)]
    [InlineData(RecoveryKeyFormat.Hex, 66)]
    public void Formats_read_back(RecoveryKeyFormat format, int length)
    {
        using var key = CipherKey.Generate();
        var text = RecoveryKeyText.Format(key, format);
        Assert.Equal(length, text.Length);
        using var parsed = RecoveryKeyText.Parse(text);
        Assert.Equal(key.Encode(), parsed.Encode());
    }

    [Fact]
    public void Known_key_has_known_text()
    {
        using var key = new CipherKey(CipherId.Aes256Gcm, Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        Assert.Equal("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20", RecoveryKeyText.Format(key, RecoveryKeyFormat.Hex));

        // Computed independently (Python, the vectors' checker's base32).
        Assert.Equal("000G40R40M30E209185GR38E1W8124GK2GAHC5RR34D1P70X3RFJ0", RecoveryKeyText.Format(key, RecoveryKeyFormat.Base32));
    }

    [Fact]
    public void Case_hyphens_spaces_and_look_alike_letters_are_tolerated()
    {
        using var key = CipherKey.Generate();
        var text = RecoveryKeyText.Format(key);
        var grouped = string.Join('-', text.Chunk(4).Select(c => new string(c))).ToLowerInvariant().Replace('0', 'o').Replace('1', 'l');
        using var parsed = RecoveryKeyText.Parse(" " + grouped + " ");
        Assert.Equal(key.Encode(), parsed.Encode());
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("not a key at all")]
    [InlineData("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2")]
    [InlineData("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1fzz")]
    [InlineData("070102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20")]
    [InlineData("000G40R40M30E209185GR38E1W8124GK2GAHC5RR34D1P70X3RFJU")]
    [InlineData("000G40R40M30E209185GR38E1W8124GK2GAHC5RR34D1P70X3RFJ1")]
    [InlineData("000G40R40M30E209185GR38E1W8124GK2GAHC5RR34D1P70X3RFJ00")]
    public void Malformed_text_is_Parse(string text)
    {
        var ex = Assert.Throws<WickrException>(() => RecoveryKeyText.Parse(text));
        Assert.Equal(WickrError.Parse, ex.Error);
    }

    [Fact]
    public void Overlong_input_is_Parse()
    {
        var ex = Assert.Throws<WickrException>(() => RecoveryKeyText.Parse(new string('0', 10_000)));
        Assert.Equal(WickrError.Parse, ex.Error);
    }
}
