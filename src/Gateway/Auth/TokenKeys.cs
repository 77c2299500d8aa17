using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Wickr.Cluster.Gateway.Auth;

/// <summary>
/// The HMAC keys of device tokens: the current one signs and verifies, previous ones only verify (rotation).
/// Resolved once at start; a missing secret is generated when allowed, and never logged.
/// </summary>
internal sealed class TokenKeys
{
    public const int MinSecretBytes = 32;

    public TokenKeys(IOptions<GatewayOptions> options, ILogger<TokenKeys> logger)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.TokenSecret))
        {
            if (!o.GenerateTokenSecretIfMissing)
            {
                throw new OptionsValidationException(GatewayOptions.Section, typeof(GatewayOptions),
                    ["Wickr:Gateway:TokenSecret is required (base64, at least 32 bytes, the same on every gateway instance)."]);
            }

            Current = System.Security.Cryptography.RandomNumberGenerator.GetBytes(GatewayOptions.GeneratedSecretBytes);
            logger.LogWarning(
                "Wickr:Gateway:TokenSecret is not set: a random token secret was generated for this process. Device tokens "
                + "will not survive a restart and no other gateway instance can verify them; set the secret for production.");
        }
        else
        {
            Current = Decode(o.TokenSecret, "Wickr:Gateway:TokenSecret");
        }

        Previous = [.. o.PreviousTokenSecrets.Select((s, i) => Decode(s, $"Wickr:Gateway:PreviousTokenSecrets:{i}"))];
    }

    /// <summary>The key that signs new tokens.</summary>
    public byte[] Current { get; }

    /// <summary>Keys that still verify tokens signed before a rotation.</summary>
    public IReadOnlyList<byte[]> Previous { get; }

    private static byte[] Decode(string secret, string key)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(secret.Trim());
        }
        catch (FormatException)
        {
            throw new OptionsValidationException(GatewayOptions.Section, typeof(GatewayOptions), [$"{key} must be base64."]);
        }

        return bytes.Length >= MinSecretBytes
            ? bytes
            : throw new OptionsValidationException(GatewayOptions.Section, typeof(GatewayOptions),
                [$"{key} must decode to at least {MinSecretBytes} bytes, not {bytes.Length}."]);
    }
}
