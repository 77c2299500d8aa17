using Wickr.Cluster.Configuration;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Gateway;

/// <summary>Who may register a new user: section <c>Gateway:Registration</c>, nested in <see cref="GatewayOptions"/>.</summary>
public sealed class RegistrationOptions : IValidatableOptions
{
    /// <summary>The configuration section these options are bound from, nested in <see cref="GatewayOptions"/>.</summary>
    public const string SectionName = "Gateway:Registration";

    /// <summary><see cref="RegistrationPolicy.Open"/> (default) or <see cref="RegistrationPolicy.Invite"/>.</summary>
    public RegistrationPolicy Policy { get; set; } = RegistrationPolicy.Open;

    /// <summary>
    /// Base64 of the operator's P-521 public key in ClientLib's 134-byte encoding (<see cref="EcPublicKey.Encoded"/>);
    /// required under <see cref="RegistrationPolicy.Invite"/>. In Kubernetes: Secret <c>wickr-registration</c>, key
    /// <c>operator-public-key</c>.
    /// </summary>
    public string? OperatorPublicKey { get; set; }

    /// <summary>Under <see cref="RegistrationPolicy.Open"/>: most registrations per source address and <see cref="SourceWindow"/>. Default 20.</summary>
    public int MaxPerSource { get; set; } = 20;

    /// <summary>The window of <see cref="MaxPerSource"/>. Default 1 hour.</summary>
    public TimeSpan SourceWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Most source addresses tracked at once; when every one is in its window, registrations from new sources wait.
    /// IPv6 sources are counted per /64. Default 100,000.
    /// </summary>
    public int MaxTrackedSources { get; set; } = 100_000;

    /// <summary>
    /// Loopback callers are not limited (default true: they are on the gateway's own machine — trials, tests). Set it
    /// false when a reverse proxy on the same machine forwards outside callers.
    /// </summary>
    public bool ExemptLoopback { get; set; } = true;

    /// <summary>
    /// Names nobody registers without an invite token bound to that name, besides <see cref="DefaultReservedNames"/>
    /// (unless <see cref="ReserveDefaultNames"/> is false). Compared after normalisation
    /// (<see cref="Protocol.Enrollment.UserNames"/>): the gateway sees only root identifiers, so it compares their hashes.
    /// </summary>
    public IList<string> ReservedNames { get; } = [];

    /// <summary>Whether <see cref="DefaultReservedNames"/> are reserved too. Default true.</summary>
    public bool ReserveDefaultNames { get; set; } = true;

    /// <summary>Names reserved unless <see cref="ReserveDefaultNames"/> is false: names a stranger could use to pass for the operator.</summary>
    public static IReadOnlyList<string> DefaultReservedNames { get; } =
        ["admin", "administrator", "root", "support", "security", "wickr", "operator", "system", "help", "abuse", "postmaster"];

    /// <summary>The root identifiers (lowercase hex) of every reserved name.</summary>
    internal HashSet<string> ReservedRoots() =>
        (ReserveDefaultNames ? DefaultReservedNames.Concat(ReservedNames) : ReservedNames)
        .Select(name => Convert.ToHexStringLower(Protocol.Enrollment.UserNames.RootIdentifier(name)))
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>The decoded operator key (validated at start), or null when none is configured.</summary>
    internal EcPublicKey? DecodeOperatorKey()
    {
        if (string.IsNullOrWhiteSpace(OperatorPublicKey))
        {
            return null;
        }

        var buffer = new byte[OperatorPublicKey.Length];
        if (!Convert.TryFromBase64String(OperatorPublicKey.Trim(), buffer, out var written))
        {
            throw new WickrException(WickrError.Parse, "it is not base64");
        }

        return EcPublicKey.Decode(buffer.AsSpan(0, written));
    }

    /// <inheritdoc/>
    public IEnumerable<string> Validate()
    {
        string? keyProblem = null;
        try
        {
            using var key = DecodeOperatorKey();
            if (key is null && Policy == RegistrationPolicy.Invite)
            {
                keyProblem = "is required when Policy is Invite (base64 of the operator's P-521 public key).";
            }
        }
        catch (WickrException ex)
        {
            keyProblem = $"is not a P-521 public key in ClientLib's encoding: {ex.Message}.";
        }

        if (keyProblem is not null) yield return "OperatorPublicKey " + keyProblem;
        if (!Enum.IsDefined(Policy)) yield return "Policy must be Open or Invite.";
        if (MaxPerSource < 1) yield return "MaxPerSource must be at least 1.";
        if (SourceWindow <= TimeSpan.Zero) yield return "SourceWindow must be positive.";
        if (MaxTrackedSources < 1) yield return "MaxTrackedSources must be at least 1.";
        if (ReservedNames.Any(string.IsNullOrWhiteSpace)) yield return "ReservedNames must not list an empty name.";
    }
}
