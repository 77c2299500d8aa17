using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.ClientLib.Storage;

/// <summary>
/// How strong a new passphrase must be: zxcvbn's estimate (zxcvbn-core), a score of 0 to 4 from the time an offline
/// attacker would need (10,000 guesses a second). A passphrase that seals the device store and, outside the hardened
/// mode, the recovery bundle on the server needs at least <see cref="MinimumScore"/>. Checked where a passphrase is
/// set (a new account, a new passphrase-sealed bundle), never where an existing one is typed to open something.
/// </summary>
public static class PassphraseStrength
{
    /// <summary>The least score a new passphrase needs: 3, about 10^6 s (11 days) of offline guessing, 2·10^10 guesses.</summary>
    public const int MinimumScore = 3;

    /// <summary>zxcvbn's score (0 to 4) of <paramref name="passphrase"/>, counting <paramref name="userInputs"/> (the user name) as known words.</summary>
    public static int Score(string passphrase, IEnumerable<string>? userInputs = null)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        return Zxcvbn.Zxcvbn.MatchPassword(passphrase, userInputs ?? []).Score;
    }

    /// <summary>Refuses a passphrase below <see cref="MinimumScore"/> with <see cref="WickrError.InvalidArgument"/> and what to do instead.</summary>
    public static void Require(string passphrase, IEnumerable<string>? userInputs = null)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        var result = Zxcvbn.Zxcvbn.MatchPassword(passphrase, userInputs ?? []);
        if (result.Score < MinimumScore)
        {
            throw new WickrException(WickrError.InvalidArgument,
                $"the passphrase is too weak (strength {result.Score} of 4, at least {MinimumScore} needed; guessed in about "
                + $"{result.CrackTimeDisplay} offline): use four or more unrelated words, or the hardened mode (a recovery key "
                + "instead of a passphrase-sealed copy on the server)");
        }
    }
}
