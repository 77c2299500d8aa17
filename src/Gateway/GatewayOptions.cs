using Wickr.Cluster.Configuration;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Gateway;

/// <summary>
/// The gateway's settings, bound from configuration section <c>Gateway</c> (environment variables <c>Gateway__*</c>)
/// by the silo host (the gateway in its own process) and by the standalone gateway.
/// </summary>
public sealed class GatewayOptions : IValidatableOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Gateway";

    /// <summary>
    /// Where these settings were read from before they moved to <see cref="SectionName"/>: a host refuses to start while
    /// a key is set below it, naming the key to set instead.
    /// </summary>
    public const string RetiredSectionName = "Wickr:Gateway";

    /// <summary>Size of the token secret the gateway generates when none is configured, and the least a configured one has.</summary>
    public const int GeneratedSecretBytes = 32;

    /// <summary>
    /// Token secrets that were ever published in this repository (the dev overlay once carried one): anyone can mint
    /// tokens with them, so a host refuses to start with any of them. Compared by decoded bytes.
    /// </summary>
    internal static readonly IReadOnlyList<string> PublishedTokenSecrets =
    [
        "ZGV2LW9ubHktdG9rZW4tc2VjcmV0LWZvci13aWNrci1kZXYtY2x1c3Rlcg==",
    ];

    /// <summary>
    /// Whether the silo host serves the gRPC gateway in its own process. Default true; false where gateways run as their
    /// own deployment. Read by the silo host only: the standalone gateway always serves.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Where Kestrel listens, separated by <c>;</c>: <c>http://</c> URLs serve plaintext HTTP/2 (h2c), <c>https://</c>
    /// URLs TLS with HTTP/1.1 and HTTP/2 (needs <see cref="Tls"/>). Empty: the host's default
    /// (http://127.0.0.1:5080 in the silo, http://127.0.0.1:5081 in the standalone gateway).
    /// </summary>
    public string? Urls { get; set; }

    /// <summary>
    /// The HMAC-SHA256 key of device tokens, base64, at least 32 bytes, the same on every gateway instance. When
    /// empty and <see cref="GenerateTokenSecretIfMissing"/> is set, a random key is made per process.
    /// </summary>
    public string? TokenSecret { get; set; }

    /// <summary>Earlier token secrets (base64) still accepted for verification while tokens signed with them live.</summary>
    public IList<string> PreviousTokenSecrets { get; } = [];

    /// <summary>
    /// Make a per-process token secret when none is configured. Default true in the silo host (the embedded default), false
    /// in the standalone gateway, where several instances must verify each other's tokens.
    /// </summary>
    public bool GenerateTokenSecretIfMissing { get; set; } = true;

    /// <summary>How long a device token is valid. Default 15 minutes.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long an auth challenge nonce is valid. Default 60 seconds.</summary>
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How far a root-signed request's issued_at may be from the gateway's clock. Default 5 minutes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most recipient nodes of one SendPacket: 1 to <see cref="ProtocolLimits.MaxRecipients"/> (500), the default.</summary>
    public int MaxRecipients { get; set; } = ProtocolLimits.MaxRecipients;

    /// <summary>Most nodes of one ClaimKeys: 1 to <see cref="ProtocolLimits.MaxClaimNodes"/> (500), the default.</summary>
    public int MaxClaimNodes { get; set; } = ProtocolLimits.MaxClaimNodes;

    /// <summary>
    /// Most packet bytes in one FetchPackets response (it always holds at least one packet), so a response stays
    /// under gRPC's usual 4 MiB receive limit. Default 4 MiB less 64 KiB.
    /// </summary>
    public int MaxFetchResponseBytes { get; set; } = (4 * 1024 * 1024) - (64 * 1024);

    /// <summary>
    /// How long after a node's removal returned this gateway may still accept the node's token: authentication
    /// caches node chains (no grain call of its own per request) and drops removed ones from the cluster's removal
    /// log, read every quarter of this; when the log cannot be read for this long, every request asks the node
    /// grain again. The gateway that carried out the removal refuses the token at once. Default 2 seconds.
    /// </summary>
    public TimeSpan NodeCacheBound { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Most concurrent Subscribe streams of one node on one gateway; a further one is RESOURCE_EXHAUSTED. Default 4.</summary>
    public int MaxStreamsPerNode { get; set; } = 4;

    /// <summary>
    /// How long the standalone gateway takes to stop on SIGTERM: every Subscribe stream is ended at once with UNAVAILABLE
    /// (the client reconnects, to another gateway behind a Service), unary calls in flight get this long to finish.
    /// Keep it below the pod's terminationGracePeriodSeconds less its preStop pause. Default 20 s.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Who may register a new user: section <c>Gateway:Registration</c>.</summary>
    public RegistrationOptions Registration { get; set; } = new();

    /// <summary>How recovery bundle guessing is slowed: section <c>Gateway:Recovery</c>.</summary>
    public RecoveryOptions Recovery { get; set; } = new();

    /// <summary>TLS for <c>https://</c> URLs: section <c>Gateway:Tls</c>.</summary>
    public GatewayTlsOptions Tls { get; set; } = new();

    /// <summary>Connection and stream limits of the gateway's Kestrel endpoints: section <c>Gateway:Connections</c>.</summary>
    public GatewayConnectionOptions Connections { get; set; } = new();

    /// <inheritdoc/>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(TokenSecret))
        {
            if (!GenerateTokenSecretIfMissing)
            {
                yield return "TokenSecret is required (base64, at least 32 bytes, the same on every gateway instance).";
            }
        }
        else if (SecretProblem(TokenSecret) is { } problem)
        {
            yield return $"TokenSecret {problem}";
        }

        for (var i = 0; i < PreviousTokenSecrets.Count; i++)
        {
            if (SecretProblem(PreviousTokenSecrets[i]) is { } problem)
            {
                yield return $"PreviousTokenSecrets:{i} {problem}";
            }
        }

        if (TokenLifetime <= TimeSpan.Zero) yield return "TokenLifetime must be positive.";
        if (ChallengeLifetime <= TimeSpan.Zero || ChallengeLifetime > TimeSpan.FromMinutes(10))
        {
            yield return "ChallengeLifetime must be positive and at most 10 minutes.";
        }

        if (ClockSkew <= TimeSpan.Zero || ClockSkew > TimeSpan.FromHours(1))
        {
            yield return "ClockSkew must be positive and at most 1 hour.";
        }

        if (MaxRecipients < 1 || MaxRecipients > ProtocolLimits.MaxRecipients)
        {
            yield return $"MaxRecipients must be 1 to {ProtocolLimits.MaxRecipients} (the protocol's limit).";
        }

        if (MaxClaimNodes < 1 || MaxClaimNodes > ProtocolLimits.MaxClaimNodes)
        {
            yield return $"MaxClaimNodes must be 1 to {ProtocolLimits.MaxClaimNodes} (the protocol's limit).";
        }

        if (MaxFetchResponseBytes < 1) yield return "MaxFetchResponseBytes must be at least 1.";
        if (NodeCacheBound < TimeSpan.FromMilliseconds(40) || NodeCacheBound > TimeSpan.FromMinutes(5))
        {
            yield return "NodeCacheBound must be 40 ms to 5 minutes.";
        }

        if (MaxStreamsPerNode < 1) yield return "MaxStreamsPerNode must be at least 1.";
        if (ShutdownTimeout < TimeSpan.FromSeconds(1) || ShutdownTimeout > TimeSpan.FromMinutes(10))
        {
            yield return "ShutdownTimeout must be 1 s to 10 minutes.";
        }

        var https = false;
        foreach (var url in GatewayUrl.Split(Urls))
        {
            if (GatewayUrl.TryParse(url, out var parsed))
            {
                https |= parsed.Https;
            }
            else
            {
                yield return $"{nameof(Urls)}: '{url}' is not http(s)://HOST:PORT with HOST an IP address, localhost or *.";
            }
        }

        // The certificate matters only where an https:// URL needs it.
        foreach (var problem in https ? Tls.Validate() : [])
        {
            yield return ValidatedOptions.Within(nameof(Tls), problem);
        }

        foreach (var problem in Connections.Validate())
        {
            yield return ValidatedOptions.Within(nameof(Connections), problem);
        }

        foreach (var problem in Registration.Validate())
        {
            yield return ValidatedOptions.Within(nameof(Registration), problem);
        }

        foreach (var problem in Recovery.Validate())
        {
            yield return ValidatedOptions.Within(nameof(Recovery), problem);
        }
    }

    /// <summary>The decoded secret, or null when <see cref="SecretProblem"/> has something to say.</summary>
    internal static byte[]? DecodeSecret(string secret)
    {
        var buffer = new byte[(secret.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(secret.Trim(), buffer, out var written) && written >= GeneratedSecretBytes
            ? buffer[..written]
            : null;
    }

    private static string? SecretProblem(string secret)
    {
        var buffer = new byte[(secret.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(secret.Trim(), buffer, out var written))
        {
            return "must be base64.";
        }

        if (written < GeneratedSecretBytes)
        {
            return $"must decode to at least {GeneratedSecretBytes} bytes, not {written}.";
        }

        var decoded = buffer[..written];
        return PublishedTokenSecrets.Any(p => decoded.AsSpan().SequenceEqual(DecodeSecret(p)))
            ? "is a secret published in the Wickr.Cluster repository: anyone could mint device tokens with it. "
                + "Make your own (openssl rand -base64 32) and keep it out of git."
            : null;
    }
}
