using System.Diagnostics.CodeAnalysis;
using Wickr.Cluster.Protocol.Encoding;

namespace Wickr.Cluster.Protocol;

/// <summary>
/// A node identifier (IDn): the <see cref="ProtocolSizes.NodeIdentifier"/> random bytes that name a node (a device)
/// in its identity, in every request and in the cluster's grain keys. Its text form is lowercase hex (parsing accepts
/// either case). This is the one rule the client, the gateway and the grains check; <c>default</c> is not a node id.
/// </summary>
public readonly struct NodeId : IEquatable<NodeId>
{
    private readonly byte[] _bytes;

    private NodeId(byte[] bytes) => _bytes = bytes;

    /// <summary>The identifier's bytes.</summary>
    public ReadOnlySpan<byte> Span => _bytes;

    /// <summary>The identifier from <paramref name="bytes"/> (copied).</summary>
    /// <exception cref="WickrException"><see cref="WickrError.InvalidArgument"/> when they are not a node identifier.</exception>
    public static NodeId From(ReadOnlySpan<byte> bytes) =>
        Problem(bytes.Length) is { } problem ? throw new WickrException(WickrError.InvalidArgument, problem) : new NodeId(bytes.ToArray());

    /// <summary>The identifier from <paramref name="bytes"/> (copied); false when they are not a node identifier.</summary>
    public static bool TryFrom(ReadOnlySpan<byte> bytes, out NodeId id)
    {
        id = Problem(bytes.Length) is null ? new NodeId(bytes.ToArray()) : default;
        return id._bytes is not null;
    }

    /// <summary>Reads the hex form.</summary>
    /// <exception cref="WickrException"><see cref="WickrError.InvalidArgument"/> when <paramref name="hex"/> is not one.</exception>
    public static NodeId Parse(string? hex) =>
        TryParse(hex, out var id)
            ? id
            : throw new WickrException(WickrError.InvalidArgument, $"a node identifier is {2 * ProtocolSizes.NodeIdentifier} hex digits");

    /// <summary>Reads the hex form; false when <paramref name="hex"/> is not one.</summary>
    public static bool TryParse([NotNullWhen(true)] string? hex, out NodeId id)
    {
        id = default;
        if (hex is null || hex.Length != 2 * ProtocolSizes.NodeIdentifier)
        {
            return false;
        }

        var bytes = new byte[ProtocolSizes.NodeIdentifier];
        if (Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != bytes.Length)
        {
            return false;
        }

        id = new NodeId(bytes);
        return true;
    }

    /// <summary>
    /// What is wrong with <paramref name="length"/> bytes as a node identifier, as a phrase every layer puts in its own
    /// error ("a node identifier has 32 bytes, not 31"); null when it is right.
    /// </summary>
    public static string? Problem(int length) =>
        length == ProtocolSizes.NodeIdentifier ? null : $"a node identifier has {ProtocolSizes.NodeIdentifier} bytes, not {length}";

    /// <summary>True when <paramref name="text"/> is exactly the text form (lowercase hex) of a node identifier.</summary>
    public static bool IsCanonical([NotNullWhen(true)] string? text) =>
        text is not null && text.Length == 2 * ProtocolSizes.NodeIdentifier && Hex.IsLower(text);

    /// <summary>A copy of the identifier's bytes.</summary>
    public byte[] ToArray() => Span.ToArray();

    /// <summary>The text form: lowercase hex.</summary>
    public override string ToString() => _bytes is null ? string.Empty : Convert.ToHexStringLower(_bytes);

    /// <inheritdoc/>
    public bool Equals(NodeId other) => Span.SequenceEqual(other.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is NodeId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    /// <summary>Equal bytes.</summary>
    public static bool operator ==(NodeId left, NodeId right) => left.Equals(right);

    /// <summary>Different bytes.</summary>
    public static bool operator !=(NodeId left, NodeId right) => !left.Equals(right);
}
