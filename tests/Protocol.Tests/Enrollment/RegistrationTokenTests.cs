using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Enrollment;

namespace Wickr.Cluster.Protocol.Tests.Enrollment;

public sealed class RegistrationTokenTests
{
    [Fact]
    public void A_token_verifies_with_the_operator_key_through_its_text_form_and_keeps_its_expiry_and_id()
    {
        using var operatorKey = EcKeyPair.Generate();
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddDays(7).ToUnixTimeMilliseconds());
        var issued = RegistrationToken.Issue(operatorKey, expiresAt);

        var verified = RegistrationToken.Verify(operatorKey.PublicKey, RegistrationToken.FromText(issued.ToText()));
        Assert.Equal(expiresAt, verified.ExpiresAt);
        Assert.Equal(RegistrationToken.IdSize, verified.Id!.Length);
        Assert.Equal(issued.Id, verified.Id);
        Assert.NotEqual(issued.Id, RegistrationToken.Issue(operatorKey, expiresAt).Id);
        Assert.Equal(1, verified.Uses);
        Assert.False(verified.IsBound);

        var team = RegistrationToken.Verify(operatorKey.PublicKey, RegistrationToken.Issue(operatorKey, expiresAt, uses: 25).Encoded);
        Assert.Equal(25, team.Uses);
        Assert.Equal(RegistrationToken.IdSize, team.Id!.Length);
        var bound = RegistrationToken.Verify(operatorKey.PublicKey, RegistrationToken.Issue(operatorKey, expiresAt, boundRoot: UserNames.RootIdentifier("Alice")).Encoded);
        Assert.True(bound.IsBound);
        Assert.Equal(UserNames.RootIdentifier("alice"), bound.BoundRoot.ToArray());
        Assert.Equal(WickrError.InvalidArgument, Assert.Throws<WickrException>(() => RegistrationToken.Issue(operatorKey, expiresAt, uses: 0)).Error);
        Assert.Equal(WickrError.InvalidArgument, Assert.Throws<WickrException>(() => RegistrationToken.Issue(operatorKey, expiresAt, uses: RegistrationToken.MaxUses + 1)).Error);
    }

    [Fact]
    public void A_version_1_token_handed_out_before_still_verifies()
    {
        using var operatorKey = EcKeyPair.Generate();
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds());
        foreach (var idSize in new[] { 0, RegistrationToken.IdSize })
        {
            var body = new byte[10 + idSize];
            body[0] = 1;
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(body.AsSpan(1), expiresAt.ToUnixTimeMilliseconds());
            body[9] = (byte)idSize;
            var token = RegistrationToken.Verify(operatorKey.PublicKey, [.. body, .. EcdsaSignature.Sign(operatorKey, [.. "wickr-cluster-registration-v1"u8, .. body])]);
            Assert.Equal(expiresAt, token.ExpiresAt);
            Assert.Equal(idSize == 0 ? null : 1, token.Uses);
            Assert.False(token.IsBound);
        }
    }

    [Fact]
    public void A_bound_root_or_use_count_cannot_be_changed_without_the_operator_key()
    {
        using var operatorKey = EcKeyPair.Generate();
        var token = RegistrationToken.Issue(operatorKey, DateTimeOffset.UtcNow.AddDays(1), boundRoot: UserNames.RootIdentifier("alice")).Encoded.ToArray();
        for (var i = 25; i < token.Length - EcdsaSignature.EncodedSize; i++)
        {
            var tampered = (byte[])token.Clone();
            tampered[i] ^= 0x01;
            var ex = Assert.Throws<WickrException>(() => RegistrationToken.Verify(operatorKey.PublicKey, tampered));
            Assert.True(ex.Error is WickrError.Signature or WickrError.Parse, $"byte {i}: {ex.Error}");
        }
    }

    [Fact]
    public void Another_key_a_flipped_bit_or_bad_framing_is_refused()
    {
        using var operatorKey = EcKeyPair.Generate();
        using var otherKey = EcKeyPair.Generate();
        var token = RegistrationToken.Issue(operatorKey, DateTimeOffset.UtcNow.AddDays(1)).Encoded.ToArray();

        Assert.Equal(WickrError.Signature, Assert.Throws<WickrException>(() => RegistrationToken.Verify(otherKey.PublicKey, token)).Error);
        for (var i = 0; i < 26; i++)
        {
            var tampered = (byte[])token.Clone();
            tampered[i] ^= 0x01;
            var ex = Assert.Throws<WickrException>(() => RegistrationToken.Verify(operatorKey.PublicKey, tampered));
            Assert.True(ex.Error is WickrError.Signature or WickrError.Parse, $"byte {i}: {ex.Error}");
        }

        Assert.Equal(WickrError.Parse, Assert.Throws<WickrException>(() => RegistrationToken.Verify(operatorKey.PublicKey, token[..^1])).Error);
        Assert.Equal(WickrError.Parse, Assert.Throws<WickrException>(() => RegistrationToken.Verify(operatorKey.PublicKey, [])).Error);
        Assert.Equal(WickrError.Parse, Assert.Throws<WickrException>(() => RegistrationToken.FromText("not base64url!")).Error);
    }
}
