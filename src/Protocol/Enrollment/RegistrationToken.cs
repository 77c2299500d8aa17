using System.Buffers.Binary;
using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Protocol.Enrollment;

/// <summary>
/// An operator's invitation to register users. Version 2 (what <see cref="Issue"/> makes): <c>2</c> ‖ expiry (unix ms,
/// 8 bytes big-endian) ‖ id (16 bytes) ‖ most users it admits (2 bytes big-endian, 1 to <see cref="MaxUses"/>) ‖
/// bound root length (0, or 1 to 127) ‖ bound root identifier ‖ the operator key's 143-byte signature over
/// "wickr-cluster-registration-v2" ‖ everything before it. A token bound to a root (<see cref="UserNames.RootIdentifier"/>
/// of the invited name) admits that root only. Version 1 (still accepted: tokens already handed out): <c>1</c> ‖ expiry ‖
/// id length (0 or 16) ‖ id ‖ signature over "wickr-cluster-registration-v1" ‖ everything before it; with an id it
/// admits one user, without one any number until it expires. A gateway in <c>Invite</c> policy accepts a new user only
/// with a token that verifies with its operator public key; the cluster remembers which roots used each id. Text form:
/// base64url.
/// </summary>
public sealed class RegistrationToken
{
    /// <summary>Size of a token's id.</summary>
    public const int IdSize = 16;

    /// <summary>Most users one token admits.</summary>
    public const int MaxUses = 10_000;

    /// <summary>Largest encoded token.</summary>
    public const int MaxEncodedSize = V2HeaderSize + ProtocolSizes.MaxRootIdentifier + EcdsaSignature.EncodedSize;

    private const byte Version1 = 1;
    private const byte Version2 = 2;
    private const int V1HeaderSize = 1 + 8 + 1;
    private const int V2HeaderSize = 1 + 8 + IdSize + 2 + 1;
    private static readonly byte[] Label1 = "wickr-cluster-registration-v1"u8.ToArray();
    private static readonly byte[] Label2 = "wickr-cluster-registration-v2"u8.ToArray();
    private readonly byte[] _encoded;
    private readonly byte[]? _boundRoot;

    private RegistrationToken(byte[] encoded, DateTimeOffset expiresAt, byte[]? id, int? uses, byte[]? boundRoot)
    {
        _encoded = encoded;
        ExpiresAt = expiresAt;
        Id = id;
        Uses = uses;
        _boundRoot = boundRoot;
    }

    /// <summary>After this instant the token is refused.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>The id under which the cluster counts the token's users; null only for a version 1 multi-use token.</summary>
    public byte[]? Id { get; }

    /// <summary>How many users the token admits; null only for a version 1 multi-use token (any number until it expires).</summary>
    public int? Uses { get; }

    /// <summary>The one root identifier the token admits, or null when it admits any.</summary>
    public ReadOnlySpan<byte> BoundRoot => _boundRoot;

    /// <summary>Whether the token admits only <see cref="BoundRoot"/>.</summary>
    public bool IsBound => _boundRoot is not null;

    /// <summary>The bytes a client sends in <c>RegisterUserRequest.registration_token</c>.</summary>
    public ReadOnlySpan<byte> Encoded => _encoded;

    /// <summary>Signs a new (version 2) token with the operator's key.</summary>
    /// <param name="operatorKey">The operator's P-521 key pair.</param>
    /// <param name="expiresAt">When the token stops admitting users.</param>
    /// <param name="uses">How many users it admits (1 to <see cref="MaxUses"/>); the cluster counts them under a random id.</param>
    /// <param name="boundRoot">The only root identifier it admits (<see cref="UserNames.RootIdentifier"/>), or empty for any.</param>
    /// <exception cref="WickrException">InvalidArgument for a use count or root identifier out of range.</exception>
    public static RegistrationToken Issue(EcKeyPair operatorKey, DateTimeOffset expiresAt, int uses = 1, ReadOnlySpan<byte> boundRoot = default)
    {
        ArgumentNullException.ThrowIfNull(operatorKey);
        if (uses is < 1 or > MaxUses)
        {
            throw new WickrException(WickrError.InvalidArgument, $"a registration token admits 1 to {MaxUses} users, not {uses}");
        }

        if (!boundRoot.IsEmpty && RootId.Problem(boundRoot.Length) is { } problem)
        {
            throw new WickrException(WickrError.InvalidArgument, problem);
        }

        var body = new byte[V2HeaderSize + boundRoot.Length];
        body[0] = Version2;
        BinaryPrimitives.WriteInt64BigEndian(body.AsSpan(1), expiresAt.ToUnixTimeMilliseconds());
        RandomNumberGenerator.Fill(body.AsSpan(9, IdSize));
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(9 + IdSize), (ushort)uses);
        body[V2HeaderSize - 1] = (byte)boundRoot.Length;
        boundRoot.CopyTo(body.AsSpan(V2HeaderSize));
        var signature = EcdsaSignature.Sign(operatorKey, [.. Label2, .. body]);
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
        var bodyLength = BodyLength(encoded);
        if (bodyLength is not { } length || encoded.Length != length + EcdsaSignature.EncodedSize)
        {
            throw new WickrException(WickrError.Parse,
                $"a registration token is version 1 (an id of 0 or 16 bytes) or version 2 (16-byte id, 1 to {MaxUses} uses, a bound root of 0 to {ProtocolSizes.MaxRootIdentifier} bytes), with a {EcdsaSignature.EncodedSize}-byte signature");
        }

        var body = encoded[..length];
        var label = encoded[0] == Version1 ? Label1 : Label2;
        if (!EcdsaSignature.Verify(operatorKey, [.. label, .. body], encoded[length..]))
        {
            throw new WickrException(WickrError.Signature, "the registration token's signature does not verify");
        }

        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(
            BinaryPrimitives.ReadInt64BigEndian(body[1..]), 0, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()));
        if (encoded[0] == Version1)
        {
            return encoded[9] == 0
                ? new RegistrationToken(encoded.ToArray(), expiresAt, null, null, null)
                : new RegistrationToken(encoded.ToArray(), expiresAt, body[V1HeaderSize..].ToArray(), 1, null);
        }

        var bound = body[V2HeaderSize..];
        return new RegistrationToken(encoded.ToArray(), expiresAt, body.Slice(9, IdSize).ToArray(),
            BinaryPrimitives.ReadUInt16BigEndian(body[(9 + IdSize)..]), bound.IsEmpty ? null : bound.ToArray());
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

    private static int? BodyLength(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length >= V1HeaderSize && encoded[0] == Version1 && encoded[9] is 0 or IdSize)
        {
            return V1HeaderSize + encoded[9];
        }

        if (encoded.Length >= V2HeaderSize && encoded[0] == Version2)
        {
            var uses = BinaryPrimitives.ReadUInt16BigEndian(encoded[(9 + IdSize)..]);
            var rootLength = encoded[V2HeaderSize - 1];
            if (uses is >= 1 and <= MaxUses && (rootLength == 0 || RootId.Problem(rootLength) is null))
            {
                return V2HeaderSize + rootLength;
            }
        }

        return null;
    }
}
