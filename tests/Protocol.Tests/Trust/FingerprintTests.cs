using System.Security.Cryptography;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Enrollment;
using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.Protocol.Tests.Trust;

/// <summary>Fingerprints of enrolled identities: the definition, the bilateral symmetry, the shown forms.</summary>
public sealed class FingerprintTests
{
    private static readonly P521Suite Suite = P521Suite.Instance;

    [Fact]
    public void Fingerprint_is_sha512_of_identifier_and_pub_data()
    {
        using var user = EnrolledUser.Enroll(Suite);
        var fingerprint = Fingerprint.Of(user.Root);
        Assert.Equal(SHA512.HashData([.. user.Root.Identifier, .. user.Root.PublicKey.ToArray()]), fingerprint.Value.ToArray());
        Assert.True(fingerprint.Equals(Fingerprint.FromBytes(fingerprint.Value)));
    }

    [Fact]
    public void Bilateral_fingerprint_is_the_same_on_both_sides_and_differs_per_pair()
    {
        using var alice = EnrolledUser.Enroll(Suite);
        using var bob = EnrolledUser.Enroll(Suite);
        using var carol = EnrolledUser.Enroll(Suite);
        var a = Fingerprint.Of(alice.Root);
        var b = Fingerprint.Of(bob.Root);
        var c = Fingerprint.Of(carol.Root);

        var ab = Fingerprint.Bilateral(a, b);
        Assert.True(ab.Equals(Fingerprint.Bilateral(b, a)));
        Assert.False(ab.Equals(Fingerprint.Bilateral(a, c)));

        var (larger, smaller) = a.Value.SequenceCompareTo(b.Value) > 0 ? (a, b) : (b, a);
        Assert.Equal(SHA512.HashData([.. larger.Value.ToArray(), .. smaller.Value.ToArray()]), ab.Value.ToArray());
    }

    [Fact]
    public void Shown_forms_have_the_reference_lengths_and_the_short_form_is_a_prefix()
    {
        using var user = EnrolledUser.Enroll(Suite);
        using var device = user.EnrollDevice("system"u8);
        var fingerprint = Fingerprint.Of(device.Chain.Node);
        Assert.Equal(128, fingerprint.ToHex(FingerprintLength.Long).Length);
        Assert.Equal(64, fingerprint.ToHex(FingerprintLength.Short).Length);
        Assert.Equal(103, fingerprint.ToBase32(FingerprintLength.Long).Length);
        Assert.Equal(51, fingerprint.ToBase32(FingerprintLength.Short).Length);
        Assert.StartsWith(fingerprint.ToBase32(FingerprintLength.Short), fingerprint.ToBase32(), StringComparison.Ordinal);
        Assert.StartsWith(fingerprint.ToHex(FingerprintLength.Short), fingerprint.ToHex(), StringComparison.Ordinal);
        Assert.DoesNotContain(fingerprint.ToBase32(), ch => "ILOU".Contains(ch, StringComparison.Ordinal));
    }

    [Fact]
    public void A_different_key_or_identifier_changes_the_fingerprint()
    {
        using var key = Suite.GenerateKeyPair();
        using var other = Suite.GenerateKeyPair();
        var id = RandomNumberGenerator.GetBytes(32);
        var fingerprint = Fingerprint.Of(id, key.PublicKey);
        Assert.False(fingerprint.Equals(Fingerprint.Of(id, other.PublicKey)));
        id[0] ^= 1;
        Assert.False(fingerprint.Equals(Fingerprint.Of(id, key.PublicKey)));
    }

    [Fact]
    public void Bad_input_is_a_typed_error()
    {
        using var key = Suite.GenerateKeyPair();
        Assert.Equal(WickrError.InvalidArgument, Assert.Throws<WickrException>(() => Fingerprint.Of([], key.PublicKey)).Error);
        Assert.Equal(WickrError.Parse, Assert.Throws<WickrException>(() => Fingerprint.FromBytes(new byte[63])).Error);
    }
}
