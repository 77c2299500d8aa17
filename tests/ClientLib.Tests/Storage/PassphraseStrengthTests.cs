using Wickr.Cluster.ClientLib.Storage;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.ClientLib.Tests.Storage;

/// <summary>New passphrases are refused below zxcvbn's score 3 with a message that says what to do; strong ones pass.</summary>
public sealed class PassphraseStrengthTests
{
    /// <summary>A passphrase for tests that set one: strong enough for the check, never weakened to suit a test.</summary>
    public const string Strong = Testing.TestPassphrases.Strong;

    [Theory]
    [InlineData("x")]
    [InlineData("sunshine")]
    [InlineData("password1")]
    [InlineData("Password123!")]
    [InlineData("qwertyuiop")]
    [InlineData("alice2024")]
    public void Common_and_short_passphrases_are_refused_with_what_to_do(string weak)
    {
        var refused = Assert.Throws<WickrException>(() => PassphraseStrength.Require(weak, ["alice"]));
        Assert.Equal(WickrError.InvalidArgument, refused.Error);
        Assert.Contains("too weak", refused.Message, StringComparison.Ordinal);
        Assert.Contains("hardened mode", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_user_name_counts_as_a_known_word()
    {
        Assert.True(PassphraseStrength.Score("zanzibarquokka", ["zanzibarquokka"]) < PassphraseStrength.Score("zanzibarquokka"));
    }

    [Theory]
    [InlineData(Strong)]
    [InlineData("correct horse battery staple")]
    [InlineData("plinth orbit Marrow 9 cascade")]
    public void Long_unrelated_words_pass(string strong)
    {
        PassphraseStrength.Require(strong, ["alice"]);
        Assert.InRange(PassphraseStrength.Score(strong), PassphraseStrength.MinimumScore, 4);
    }
}
