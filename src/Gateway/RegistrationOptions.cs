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
    /// Under Open: most registrations per IPv6 /56 (a site's prefix, 256 /64s) and <see cref="SourceWindow"/>. Default 60.
    /// </summary>
    public int MaxPerIPv6Prefix56 { get; set; } = 60;

    /// <summary>
    /// Under Open: most registrations per IPv6 /48 (65,536 /64s, what one customer commonly gets) and
    /// <see cref="SourceWindow"/>. Default 200.
    /// </summary>
    public int MaxPerIPv6Prefix48 { get; set; } = 200;

    /// <summary>
    /// Most source addresses and prefixes tracked at once; when full, the oldest window is dropped to make room, so a
    /// new source is always admitted. Default 100,000.
    /// </summary>
    public int MaxTrackedSources { get; set; } = 100_000;

    /// <summary>
    /// Whether loopback callers are exempt from the per-source limits. Default false: a service mesh's sidecar or a
    /// reverse proxy on the same machine delivers outside callers from a loopback address (Istio uses 127.0.0.6). Set
    /// it true only where loopback callers are your own (trials on one machine, tests).
    /// </summary>
    public bool ExemptLoopback { get; set; }

    /// <summary>
    /// Addresses of reverse proxies whose <c>X-Forwarded-For</c> header names the caller for every per-source limit
    /// (registrations, signature checks). Empty (default): the header is ignored and the connection's address is the
    /// source. Set it to your L7 ingress's addresses, or use <see cref="KnownNetworks"/>.
    /// </summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>As <see cref="KnownProxies"/>, as networks in CIDR notation (<c>10.0.0.0/8</c>). Empty by default.</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>
    /// Most unauthenticated signature checks (RegisterUser, CreateToken: 0.8 ms of CPU each) per source address and
    /// <see cref="SignatureCheckWindow"/>; a further one is RESOURCE_EXHAUSTED with a retry-after. Applies under every
    /// policy. Default 120 (a device needs one CreateToken per token lifetime).
    /// </summary>
    public int MaxSignatureChecksPerSource { get; set; } = 120;

    /// <summary>The window of <see cref="MaxSignatureChecksPerSource"/>. Default 1 minute.</summary>
    public TimeSpan SignatureCheckWindow { get; set; } = TimeSpan.FromMinutes(1);

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
        if (MaxPerIPv6Prefix56 < MaxPerSource) yield return "MaxPerIPv6Prefix56 must be at least MaxPerSource.";
        if (MaxPerIPv6Prefix48 < MaxPerIPv6Prefix56) yield return "MaxPerIPv6Prefix48 must be at least MaxPerIPv6Prefix56.";
        if (MaxTrackedSources < 1) yield return "MaxTrackedSources must be at least 1.";
        if (MaxSignatureChecksPerSource < 1) yield return "MaxSignatureChecksPerSource must be at least 1.";
        if (SignatureCheckWindow <= TimeSpan.Zero) yield return "SignatureCheckWindow must be positive.";
        for (var i = 0; i < KnownProxies.Count; i++)
        {
            if (!System.Net.IPAddress.TryParse(KnownProxies[i], out _)) yield return $"KnownProxies:{i} '{KnownProxies[i]}' is not an IP address.";
        }

        for (var i = 0; i < KnownNetworks.Count; i++)
        {
            if (!System.Net.IPNetwork.TryParse(KnownNetworks[i], out _)) yield return $"KnownNetworks:{i} '{KnownNetworks[i]}' is not a network in CIDR notation (10.0.0.0/8).";
        }
        if (ReservedNames.Any(string.IsNullOrWhiteSpace)) yield return "ReservedNames must not list an empty name.";
    }
}
