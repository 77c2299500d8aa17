using System.Security.Cryptography;

namespace Wickr.Cluster.Protocol.Enrollment;

/// <summary>
/// The one rule that turns a user name into a root identifier, used by every caller that does (enrollment, lookups,
/// groups, invite tokens bound to a name, the gateway's reserved names): the name is normalised — surrounding white
/// space trimmed, Unicode NFKC, lower case by the invariant culture — and the root identifier is SHA-256 of its UTF-8.
/// So <c>"Alice "</c>, <c>"alice"</c> and <c>"ＡＬＩＣＥ"</c> (full-width) are one user.
/// </summary>
public static class UserNames
{
    private static readonly ICU4N.Text.Normalizer2 Nfkc = ICU4N.Text.Normalizer2.NFKCInstance;

    /// <summary>The normalised form of <paramref name="userName"/>.</summary>
    /// <exception cref="WickrException"><see cref="WickrError.InvalidArgument"/> when nothing is left, or the name is not valid Unicode.</exception>
    public static string Normalise(string? userName)
    {
        var trimmed = (userName ?? string.Empty).Trim();
        if (System.Text.Unicode.Utf8.FromUtf16(trimmed, new byte[trimmed.Length * 3], out _, out _, replaceInvalidSequences: false)
            != System.Buffers.OperationStatus.Done)
        {
            throw new WickrException(WickrError.InvalidArgument, "the user name is not valid Unicode");
        }

        // ICU's NFKC, not string.Normalize: the hosts run with InvariantGlobalization, where that leaves the text as it is.
        var normalised = Nfkc.Normalize(trimmed).ToLowerInvariant().Trim();
        return normalised.Length == 0 ? throw new WickrException(WickrError.InvalidArgument, "the user name is empty") : normalised;
    }

    /// <summary>The root identifier of <paramref name="userName"/>: SHA-256 of the UTF-8 of its normalised form.</summary>
    /// <exception cref="WickrException"><see cref="WickrError.InvalidArgument"/> as <see cref="Normalise"/>.</exception>
    public static byte[] RootIdentifier(string? userName) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Normalise(userName)));
}
