using System.Buffers.Binary;
using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Protocol.Enrollment;

/// <summary>
/// An operator's invitation to register one user (single use) or any number until it expires: version <c>1</c> ‖
/// expiry (unix ms, 8 bytes big-endian) ‖ id length (0 or 16) ‖ id ‖ the operator key's 143-byte signature over
/// "wickr-cluster-registration-v1" ‖ everything before it. A gateway in <c>Invite</c> policy accepts a new user only
/// with a token that verifies with the operator public key it is configured with; a single-use id is accepted for one
/// root only. Text form: base64url.
/// </summary>
public sealed class RegistrationToken
{
    /// <summary>Size of a single-use token's id.</summary>
    public const int IdSize = 16;

    /// <summary>Largest encoded token.</summary>
    public const int MaxEncodedSize = HeaderSize + IdSize + EcdsaSignature.EncodedSize;

    private const byte Version = 1;
    private const int HeaderSize = 1 + 8 + 1;
    private static readonly byte[] Label = "wickr-cluster-registration-v1"u8.ToArray();
    private readonly byte[] _encoded;

    private RegistrationToken(byte[] encoded, DateTimeOffset expiresAt, byte[]? id)
    {
        _encoded = encoded;
        ExpiresAt = expiresAt;
        Id = id;
    }

    /// <summary>After this instant the token is refused.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>The single-use id, or null for a token that admits any number of users until it expires.</summary>
    public byte[]? Id { get; }

    /// <summary>The bytes a client sends in <c>RegisterUserRequest.registration_token</c>.</summary>
    public ReadOnlySpan<byte> Encoded => _encoded;

    /// <summary>Signs a new token with the operator's key.</summary>
    /// <param name="operatorKey">The operator's P-521 key pair.</param>
    /// <param name="expiresAt">When the token stops admitting users.</param>
    /// <param name="singleUse">True: the token admits one user (a random id the cluster remembers once used).</param>
    public static RegistrationToken Issue(EcKeyPair operatorKey, DateTimeOffset expiresAt, bool singleUse = true)
    {
        ArgumentNullException.ThrowIfNull(operatorKey);
        var idSize = singleUse ? IdSize : 0;
        var body = new byte[HeaderSize + idSize];
        body[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(body.AsSpan(1), expiresAt.ToUnixTimeMilliseconds());
        body[9] = (byte)idSize;
        RandomNumberGenerator.Fill(body.AsSpan(HeaderSize));
        var signature = EcdsaSignature.Sign(operatorKey, [.. Label, .. body]);
        return Verify(operatorKey.PublicKey, [.. body, .. signature]);
    }

    /// <summary>
    /// Parses <paramref name="encoded"/> and checks its signature with <paramref name="operatorKey"/> (not its expiry:
    /// compare <see cref="ExpiresAt"/> with the verifier's clock).
    /// </summary>
    /// <exception cref="WickrException">Parse for a malformed token; Signature when it does not verify.</exception>
    public static RegistrationToken Verify(EcPublicKey operatorKey, ReadOnlySpan<byte> encoded)
    {
        ArgumentNullException.ThrowIfNull(operatorKey);
        if (encoded.Length < HeaderSize || encoded[0] != Version
            || encoded[9] is not (0 or IdSize) || encoded.Length != HeaderSize + encoded[9] + EcdsaSignature.EncodedSize)
        {
            throw new WickrException(WickrError.Parse, "a registration token is version 1 with an id of 0 or 16 bytes and a 143-byte signature");
        }

        var body = encoded[..(HeaderSize + encoded[9])];
        if (!EcdsaSignature.Verify(operatorKey, [.. Label, .. body], encoded[body.Length..]))
        {
            throw new WickrException(WickrError.Signature, "the registration token's signature does not verify");
        }

        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(
            BinaryPrimitives.ReadInt64BigEndian(body[1..]), 0, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()));
        return new RegistrationToken(encoded.ToArray(), expiresAt, encoded[9] == 0 ? null : body[HeaderSize..].ToArray());
    }

    /// <summary>The bytes of a token's text form, or throws <see cref="WickrException"/> (Parse).</summary>
    public static byte[] FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return System.Buffers.Text.Base64Url.DecodeFromChars(text.Trim());
        }
        catch (FormatException ex)
        {
            throw new WickrException(WickrError.Parse, "a registration token's text is base64url", ex);
        }
    }

    /// <summary>The text form (base64url) an operator hands to a new user.</summary>
    public string ToText() => System.Buffers.Text.Base64Url.EncodeToString(_encoded);
}
