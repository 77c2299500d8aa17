using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Encoding;
using Wickr.Cluster.Protocol.Identity;

namespace Wickr.Cluster.Protocol.Trust;

/// <summary>
/// An identity's fingerprint, <c>SHA-512(identifier ‖ pub data)</c>, which users compare out of band to verify a
/// root (or node) before trusting it; and the bilateral fingerprint of two identities,
/// <c>SHA-512(larger ‖ smaller)</c> of their fingerprints compared bytewise, which both sides compute alike.
/// Shown as hex or Crockford base32, long or short (the first half of the long text).
/// </summary>
public sealed class Fingerprint : IEquatable<Fingerprint>
{
    /// <summary>Size of a fingerprint.</summary>
    public const int Size = SHA512.HashSizeInBytes;

    private readonly byte[] _value;

    private Fingerprint(byte[] value) => _value = value;

    /// <summary>The 64 bytes.</summary>
    public ReadOnlySpan<byte> Value => _value;

    /// <summary>The fingerprint of the identity with <paramref name="identifier"/> and the 134-byte <paramref name="publicKey"/>.</summary>
    public static Fingerprint Of(ReadOnlySpan<byte> identifier, EcPublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        if (identifier.IsEmpty)
        {
            throw new WickrException(WickrError.InvalidArgument, "a fingerprint needs an identifier");
        }

        var input = new byte[identifier.Length + EcPublicKey.EncodedSize];
        identifier.CopyTo(input);
        publicKey.Encoded.CopyTo(input.AsSpan(identifier.Length));
        return new Fingerprint(SHA512.HashData(input));
    }

    /// <summary>The fingerprint of a user's root identity (IDr, PKr).</summary>
    public static Fingerprint Of(RootIdentity root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Of(root.Identifier, root.PublicKey);
    }

    /// <summary>The fingerprint of a device's node identity (IDn, PKn).</summary>
    public static Fingerprint Of(NodeIdentity node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Of(node.Identifier, node.PublicKey);
    }

    /// <summary>Reads 64 fingerprint bytes (as stored or received). Throws Parse for another length.</summary>
    public static Fingerprint FromBytes(ReadOnlySpan<byte> value)
    {
        if (value.Length != Size)
        {
            throw new WickrException(WickrError.Parse, $"a fingerprint has {Size} bytes, not {value.Length}");
        }

        return new Fingerprint(value.ToArray());
    }

    /// <summary>The bilateral fingerprint of two identities: the same whichever is <paramref name="mine"/>.</summary>
    public static Fingerprint Bilateral(Fingerprint mine, Fingerprint theirs)
    {
        ArgumentNullException.ThrowIfNull(mine);
        ArgumentNullException.ThrowIfNull(theirs);
        var (larger, smaller) = mine._value.AsSpan().SequenceCompareTo(theirs._value) >= 0 ? (mine, theirs) : (theirs, mine);
        var input = new byte[2 * Size];
        larger._value.CopyTo(input, 0);
        smaller._value.CopyTo(input, Size);
        return new Fingerprint(SHA512.HashData(input));
    }

    /// <summary>Lowercase hex: 128 characters long, 64 short.</summary>
    public string ToHex(FingerprintLength length = FingerprintLength.Long) => Shorten(Convert.ToHexStringLower(_value), length);

    /// <summary>Crockford base32: 103 characters long, 51 short.</summary>
    public string ToBase32(FingerprintLength length = FingerprintLength.Long) => Shorten(CrockfordBase32.Encode(_value), length);

    /// <inheritdoc />
    public override string ToString() => ToHex(FingerprintLength.Short);

    /// <summary>Constant-time comparison of the 64 bytes.</summary>
    public bool Equals(Fingerprint? other) => other is not null && CryptographicOperations.FixedTimeEquals(_value, other._value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Fingerprint);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.ToInt32(_value, 0);

    private static string Shorten(string text, FingerprintLength length) => length switch
    {
        FingerprintLength.Long => text,
        FingerprintLength.Short => text[..(text.Length / 2)],
        _ => throw new WickrException(WickrError.InvalidArgument, $"unknown fingerprint length {length}"),
    };
}
