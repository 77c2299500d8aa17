using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Gateway.Auth;

/// <summary>
/// Issues and verifies bearer tokens: <c>wc1.</c> ‖ base64url(payload) ‖ <c>.</c> ‖ base64url(HMAC-SHA256(key,
/// "wickr-cluster-token-v1" ‖ payload)), payload = expiry (unix ms, 8 bytes big-endian) ‖ node id (32) ‖ node key
/// fingerprint (16) ‖ root id (1-127). Any gateway holding the key verifies a token without asking anyone.
/// </summary>
internal sealed class DeviceTokens(TokenKeys keys, IOptions<GatewayOptions> options, [FromKeyedServices(GatewayClock.Key)] TimeProvider time)
{
    public const int FingerprintSize = 16;
    private const string Prefix = "wc1.";
    private const int FixedPayload = 8 + ProtocolSizes.NodeIdentifier + FingerprintSize;
    private const int MaxTokenLength = 512;
    private static readonly byte[] Label = "wickr-cluster-token-v1"u8.ToArray();

    public static byte[] Fingerprint(ReadOnlySpan<byte> nodePublicKey) => SHA256.HashData(nodePublicKey)[..FingerprintSize];

    public (string Token, DateTimeOffset ExpiresAt) Issue(ReadOnlySpan<byte> nodeIdentifier, ReadOnlySpan<byte> rootIdentifier, ReadOnlySpan<byte> nodePublicKey)
    {
        var expiresAt = time.GetUtcNow() + options.Value.TokenLifetime;
        var payload = new byte[FixedPayload + rootIdentifier.Length];
        BinaryPrimitives.WriteInt64BigEndian(payload, expiresAt.ToUnixTimeMilliseconds());
        nodeIdentifier.CopyTo(payload.AsSpan(8));
        Fingerprint(nodePublicKey).CopyTo(payload.AsSpan(8 + ProtocolSizes.NodeIdentifier));
        rootIdentifier.CopyTo(payload.AsSpan(FixedPayload));
        var token = Prefix + Base64Url(payload) + "." + Base64Url(Mac(keys.Current, payload));
        return (token, DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(payload)));
    }

    /// <summary>Checks format, MAC (against every key) and expiry; the reason is for metrics and the caller.</summary>
    public bool TryVerify(string token, out DeviceToken? verified, out string failure)
    {
        verified = null;
        if (token.Length > MaxTokenLength || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            failure = "malformed";
            return false;
        }

        var parts = token[Prefix.Length..].Split('.');
        byte[] payload, mac;
        try
        {
            if (parts.Length != 2)
            {
                throw new FormatException();
            }

            payload = System.Buffers.Text.Base64Url.DecodeFromChars(parts[0]);
            mac = System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]);
        }
        catch (FormatException)
        {
            failure = "malformed";
            return false;
        }

        if (payload.Length <= FixedPayload || payload.Length > FixedPayload + ProtocolSizes.MaxRootIdentifier)
        {
            failure = "malformed";
            return false;
        }

        if (!KeysVerify(payload, mac))
        {
            failure = "bad_signature";
            return false;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(payload));
        if (expiresAt <= time.GetUtcNow())
        {
            failure = "expired";
            return false;
        }

        verified = new DeviceToken(
            payload[8..(8 + ProtocolSizes.NodeIdentifier)],
            payload[FixedPayload..],
            payload[(8 + ProtocolSizes.NodeIdentifier)..FixedPayload],
            expiresAt);
        failure = string.Empty;
        return true;
    }

    private bool KeysVerify(byte[] payload, byte[] mac)
    {
        if (CryptographicOperations.FixedTimeEquals(Mac(keys.Current, payload), mac))
        {
            return true;
        }

        foreach (var previous in keys.Previous)
        {
            if (CryptographicOperations.FixedTimeEquals(Mac(previous, payload), mac))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Mac(byte[] key, byte[] payload)
    {
        using var hmac = new HMACSHA256(key);
        hmac.TransformBlock(Label, 0, Label.Length, null, 0);
        hmac.TransformFinalBlock(payload, 0, payload.Length);
        return hmac.Hash!;
    }

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
