using System.Security.Cryptography;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Enrollment;

namespace Wickr.Cluster.Protocol.Tests.Enrollment;

public sealed class UserNamesTests
{
    [Theory]
    [InlineData("alice")]
    [InlineData("Alice ")]
    [InlineData("  ALICE\t")]
    [InlineData("ＡＬＩＣＥ")]
    public void Case_width_and_surrounding_space_make_one_root_identifier(string typed)
    {
        Assert.Equal("alice", UserNames.Normalise(typed));
        Assert.Equal(SHA256.HashData("alice"u8), UserNames.RootIdentifier(typed));
    }

    [Fact]
    public void Enrolling_by_name_uses_the_normalised_name_and_different_names_stay_different()
    {
        using var user = EnrolledUser.Enroll(P521Suite.Instance, "Alice ");
        Assert.Equal(UserNames.RootIdentifier("alice"), user.Root.Identifier);
        Assert.NotEqual(UserNames.RootIdentifier("alice"), UserNames.RootIdentifier("alice2"));
        Assert.NotEqual(UserNames.RootIdentifier("al ice"), UserNames.RootIdentifier("alice"));
        // NFKC: the ligature "ﬁ" is "fi"; a precomposed and a combining "é" are one name.
        Assert.Equal(UserNames.RootIdentifier("fiona"), UserNames.RootIdentifier("ﬁona"));
        Assert.Equal(UserNames.RootIdentifier("ren\u00e9"), UserNames.RootIdentifier("rene\u0301"));
        Assert.Equal("élodie", UserNames.Normalise("ÉLODIE"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void An_empty_or_broken_name_is_refused(string? typed)
    {
        Assert.Equal(WickrError.InvalidArgument, Assert.Throws<WickrException>(() => UserNames.RootIdentifier(typed)).Error);
    }

    [Fact]
    public void A_name_with_a_lone_surrogate_is_refused()
    {
        var broken = new string(['a', (char)0xD800, 'x']);
        Assert.Contains("not valid Unicode", Assert.Throws<WickrException>(() => UserNames.Normalise(broken)).Message, StringComparison.Ordinal);
    }
}
