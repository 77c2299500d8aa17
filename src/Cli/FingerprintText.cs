using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.Cli;

/// <summary>
/// The one way <c>wickr</c> shows a fingerprint: the protocol's base32 text in full (what two people compare), or
/// its first half marked as the short form (in lists, never for verifying).
/// </summary>
internal static class FingerprintText
{
    /// <summary>The label of a column that shows <see cref="Short"/>.</summary>
    public const string ShortHeader = "fingerprint (short)";

    public static string Full(Fingerprint fingerprint) => fingerprint.ToBase32(FingerprintLength.Long);

    public static string Short(Fingerprint fingerprint) => fingerprint.ToBase32(FingerprintLength.Short) + "…";
}
