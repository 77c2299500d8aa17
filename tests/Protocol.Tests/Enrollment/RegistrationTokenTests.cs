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
        Assert.Null(RegistrationToken.Issue(operatorKey, expiresAt, singleUse: false).Id);
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
