using System.Security.Cryptography;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Recovery;

namespace Wickr.Cluster.Protocol.Tests.Recovery;

/// <summary>
/// The passphrase framing <c>kdf id ‖ salt ‖ GCM cipher result</c>: round trip, and every kind of damage gives a typed
/// error and no plaintext. Each opening that reaches the KDF costs one scrypt at N = 2^17 (about 0.4 s, 128 MiB),
/// so damage that the framing check catches first is tested widely and the rest at a few positions.
/// </summary>
public sealed class PassphraseSealTests
{
    private const string Passphrase = "correct horse battery staple";
    private static readonly P521Suite Suite = P521Suite.Instance;
    private static readonly byte[] Plaintext = RandomNumberGenerator.GetBytes(100);
    private static readonly Lazy<byte[]> Sealed = new(() => PassphraseSeal.Seal(Suite, Plaintext, Passphrase));

    private static WickrException OpenFails(byte[] blob, string passphrase = Passphrase)
    {
        byte[]? opened = null;
        var ex = Assert.Throws<WickrException>(() => opened = PassphraseSeal.Open(Suite, blob, passphrase));
        Assert.Null(opened);
        return ex;
    }

    [Fact]
    public void Seals_with_kdf_id_1_and_opens()
    {
        var blob = Sealed.Value;
        Assert.Equal((byte)PassphraseKdf.Scrypt17, blob[0]);
        Assert.Equal(1 + PassphraseSeal.SaltSize + SymmetricCipher.ResultSize(CipherId.Aes256Gcm, Plaintext.Length), blob.Length);
        Assert.Equal(Plaintext, PassphraseSeal.Open(Suite, blob, Passphrase));
    }

    [Fact]
    public void Sealing_twice_gives_different_blobs()
    {
        var again = PassphraseSeal.Seal(Suite, Plaintext, Passphrase);
        Assert.NotEqual(Sealed.Value.AsSpan(1, PassphraseSeal.SaltSize).ToArray(), again.AsSpan(1, PassphraseSeal.SaltSize).ToArray());
        Assert.Equal(Plaintext, PassphraseSeal.Open(Suite, again, Passphrase));
    }

    [Fact]
    public void Seals_with_a_costlier_kdf_id_when_asked()
    {
        var blob = PassphraseSeal.Seal(Suite, Plaintext, "pässwörd", PassphraseKdf.Scrypt18);
        Assert.Equal((byte)PassphraseKdf.Scrypt18, blob[0]);
        Assert.Equal(Plaintext, PassphraseSeal.Open(Suite, blob, "pässwörd"));
    }

    [Fact]
    public void Wrong_passphrase_is_WrongPassphrase()
    {
        Assert.Equal(WickrError.WrongPassphrase, OpenFails(Sealed.Value, Passphrase + "!").Error);
    }

    [Fact]
    public void Empty_passphrase_is_refused_when_sealing()
    {
        var ex = Assert.Throws<WickrException>(() => PassphraseSeal.Seal(Suite, Plaintext, string.Empty));
        Assert.Equal(WickrError.InvalidArgument, ex.Error);
    }

    public static TheoryData<int> ShortLengths() => [0, 1, 16, 17, 18, 29, 45];

    [Theory]
    [MemberData(nameof(ShortLengths))]
    public void Truncated_below_the_framing_is_Parse(int length)
    {
        Assert.True(length < PassphraseSeal.MinimumSize);
        Assert.Equal(WickrError.Parse, OpenFails(Sealed.Value[..length]).Error);
    }

    [Fact]
    public void Truncated_inside_the_ciphertext_is_WrongPassphrase()
    {
        // GCM cannot tell a shortened ciphertext from a wrong key: either way the tag does not verify.
        Assert.Equal(WickrError.WrongPassphrase, OpenFails(Sealed.Value[..^1]).Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(9)]
    [InlineData(255)]
    public void Unknown_kdf_id_is_Parse(byte kdfId)
    {
        var blob = (byte[])Sealed.Value.Clone();
        blob[0] = kdfId;
        Assert.Equal(WickrError.Parse, OpenFails(blob).Error);
    }

    [Fact]
    public void Cipher_id_other_than_GCM_is_Parse()
    {
        var blob = (byte[])Sealed.Value.Clone();
        blob[1 + PassphraseSeal.SaltSize] = (byte)CipherId.Aes256Ctr;
        Assert.Equal(WickrError.Parse, OpenFails(blob).Error);
    }

    /// <summary>A flipped bit in the salt, IV, tag or ciphertext: the derived key or the tag no longer fits.</summary>
    [Theory]
    [InlineData("salt", 1)]
    [InlineData("iv", 1 + PassphraseSeal.SaltSize + 1)]
    [InlineData("tag", 1 + PassphraseSeal.SaltSize + 1 + SymmetricCipher.GcmIvSize)]
    [InlineData("ciphertext", 1 + PassphraseSeal.SaltSize + 1 + SymmetricCipher.GcmIvSize + SymmetricCipher.GcmTagSize + 7)]
    public void Flipped_bit_is_WrongPassphrase(string part, int offset)
    {
        var blob = (byte[])Sealed.Value.Clone();
        blob[offset] ^= 0x10;
        var ex = OpenFails(blob);
        Assert.True(ex.Error == WickrError.WrongPassphrase, $"bit flip in the {part}: {ex.Error}");
    }

    [Fact]
    public void Kdf_id_changed_to_another_known_id_is_WrongPassphrase()
    {
        var blob = (byte[])Sealed.Value.Clone();
        blob[0] = (byte)PassphraseKdf.Scrypt18;
        Assert.Equal(WickrError.WrongPassphrase, OpenFails(blob).Error);
    }
}
