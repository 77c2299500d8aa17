using System.Diagnostics.CodeAnalysis;
using Wickr.Cluster.Protocol.Encoding;

namespace Wickr.Cluster.Protocol;

/// <summary>
/// A root identifier (IDr): the bytes that name a user (a root) in its identity, in every request and in the cluster's
/// grain keys; 1 to <see cref="ProtocolSizes.MaxRootIdentifier"/> bytes (this project makes 32 random ones). Its text
/// form is lowercase hex (parsing accepts either case). This is the one rule the client, the gateway and the grains
/// check; <c>default</c> is not a root id.
/// </summary>
public readonly struct RootId : IEquatable<RootId>
{
    private readonly byte[] _bytes;

    private RootId(byte[] bytes) => _bytes = bytes;

    /// <summary>The identifier's bytes.</summary>
    public ReadOnlySpan<byte> Span => _bytes;

    /// <summary>The identifier from <paramref name="bytes"/> (copied).</summary>
    /// <exception cref="WickrException"><see cref="WickrError.InvalidArgument"/> when they are not a root identifier.</exception>
    public static RootId From(ReadOnlySpan<byte> bytes) =>
        Problem(bytes.Length) is { } problem ? throw new WickrException(WickrError.InvalidArgument, problem) : new RootId(bytes.ToArray());

    /// <summary>The identifier from <paramref name="bytes"/> (copied); false when they are not a root identifier.</summary>
    public static bool TryFrom(ReadOnlySpan<byte> bytes, out RootId id)
    {
        id = Problem(bytes.Length) is null ? new RootId(bytes.ToArray()) : default;
        return id._bytes is not null;
    }

    /// <summary>Reads the hex form.</summary>
    /// <exception cref="WickrException"><see cref="WickrError.InvalidArgument"/> when <paramref name="hex"/> is not one.</exception>
    public static RootId Parse(string? hex) =>
        TryParse(hex, out var id)
            ? id
            : throw new WickrException(WickrError.InvalidArgument, $"a root identifier is 2 to {2 * ProtocolSizes.MaxRootIdentifier} hex digits");

    /// <summary>Reads the hex form; false when <paramref name="hex"/> is not one.</summary>
    public static bool TryParse([NotNullWhen(true)] string? hex, out RootId id)
    {
        id = default;
        if (hex is null || hex.Length % 2 != 0 || Problem(hex.Length / 2) is not null)
        {
            return false;
        }

        var bytes = new byte[hex.Length / 2];
        if (Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != bytes.Length)
        {
            return false;
        }

        id = new RootId(bytes);
        return true;
    }

    /// <summary>
    /// What is wrong with <paramref name="length"/> bytes as a root identifier, as a phrase every layer puts in its own
    /// error ("a root identifier has 1 to 127 bytes, not 0"); null when it is right.
    /// </summary>
    public static string? Problem(int length) =>
        length is >= 1 and <= ProtocolSizes.MaxRootIdentifier
            ? null
            : $"a root identifier has 1 to {ProtocolSizes.MaxRootIdentifier} bytes, not {length}";

    /// <summary>True when <paramref name="text"/> is exactly the text form (lowercase hex) of a root identifier.</summary>
    public static bool IsCanonical([NotNullWhen(true)] string? text) =>
        text is not null && text.Length % 2 == 0 && Problem(text.Length / 2) is null && Hex.IsLower(text);

    /// <summary>A copy of the identifier's bytes.</summary>
    public byte[] ToArray() => Span.ToArray();

    /// <summary>The text form: lowercase hex.</summary>
    public override string ToString() => _bytes is null ? string.Empty : Convert.ToHexStringLower(_bytes);

    /// <inheritdoc/>
    public bool Equals(RootId other) => Span.SequenceEqual(other.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RootId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    /// <summary>Equal bytes.</summary>
    public static bool operator ==(RootId left, RootId right) => left.Equals(right);

    /// <summary>Different bytes.</summary>
    public static bool operator !=(RootId left, RootId right) => !left.Equals(right);
}
