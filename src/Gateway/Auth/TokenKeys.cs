using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Wickr.Cluster.Gateway.Auth;

/// <summary>
/// The HMAC keys of device tokens: the current one signs and verifies, previous ones only verify (rotation).
/// Resolved once; a missing secret is generated when allowed, and never logged. The options were validated at start.
/// </summary>
internal sealed class TokenKeys
{
    public TokenKeys(IOptions<GatewayOptions> options, ILogger<TokenKeys> logger)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.TokenSecret))
        {
            Current = System.Security.Cryptography.RandomNumberGenerator.GetBytes(GatewayOptions.GeneratedSecretBytes);
            logger.LogWarning(
                $"{GatewayOptions.SectionName}:{nameof(GatewayOptions.TokenSecret)} is not set: a random token secret was generated for this process. Device tokens "
                + "will not survive a restart and no other gateway instance can verify them; set the secret for production.");
        }
        else
        {
            Current = GatewayOptions.DecodeSecret(o.TokenSecret) ?? throw Invalid(nameof(GatewayOptions.TokenSecret));
        }

        Previous = [.. o.PreviousTokenSecrets.Select((s, i) =>
            GatewayOptions.DecodeSecret(s) ?? throw Invalid($"{nameof(GatewayOptions.PreviousTokenSecrets)}:{i}"))];
    }

    /// <summary>The key that signs new tokens.</summary>
    public byte[] Current { get; }

    /// <summary>Keys that still verify tokens signed before a rotation.</summary>
    public IReadOnlyList<byte[]> Previous { get; }

    private static OptionsValidationException Invalid(string key) =>
        new(GatewayOptions.SectionName, typeof(GatewayOptions), [$"{GatewayOptions.SectionName}:{key} must be base64 of at least {GatewayOptions.GeneratedSecretBytes} bytes."]);
}
