namespace Wickr.Cluster.Protocol.Tests.Identifiers;

/// <summary>Node identifiers: exactly 32 bytes, lowercase hex as text, equal when their bytes are.</summary>
public sealed class NodeIdTests
{
    private static readonly byte[] Bytes = [.. Enumerable.Range(0, ProtocolSizes.NodeIdentifier).Select(i => (byte)(0xA0 + i))];

    [Fact]
    public void Bytes_and_hex_make_the_same_id()
    {
        var id = NodeId.From(Bytes);
        var hex = Convert.ToHexStringLower(Bytes);

        Assert.Equal(hex, id.ToString());
        Assert.Equal(id, NodeId.Parse(hex));
        Assert.Equal(id, NodeId.Parse(hex.ToUpperInvariant()));
        Assert.Equal(Bytes, id.ToArray());
        Assert.True(id == NodeId.From(Bytes.AsSpan()));
        Assert.Equal(id.GetHashCode(), NodeId.Parse(hex).GetHashCode());
        Assert.True(NodeId.IsCanonical(hex));
        Assert.False(NodeId.IsCanonical(hex.ToUpperInvariant()));
    }

    [Fact]
    public void The_id_owns_a_copy_of_its_bytes()
    {
        var bytes = Bytes.ToArray();
        var id = NodeId.From(bytes);
        bytes[0] ^= 0xFF;
        Assert.Equal(Bytes, id.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Any_other_size_is_refused_with_its_size(int size)
    {
        Assert.False(NodeId.TryFrom(new byte[size], out var id));
        Assert.Equal(default, id);
        Assert.Equal($"a node identifier has 32 bytes, not {size}", NodeId.Problem(size));
        var error = Assert.Throws<WickrException>(() => NodeId.From(new byte[size]));
        Assert.Equal(WickrError.InvalidArgument, error.Error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("00ff")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("000000000000000000000000000000000000000000000000000000000000000")]
    public void Text_that_is_not_64_hex_digits_is_refused(string? text)
    {
        Assert.False(NodeId.TryParse(text, out _));
        Assert.False(NodeId.IsCanonical(text));
        Assert.Equal(WickrError.InvalidArgument, Assert.Throws<WickrException>(() => NodeId.Parse(text)).Error);
    }

    [Fact]
    public void The_identity_type_checks_the_same_rule()
    {
        var error = Assert.Throws<WickrException>(() => new Identity.NodeIdentity(new byte[31], null!, new byte[ProtocolSizes.Signature]));
        Assert.Contains(NodeId.Problem(31)!, error.Message, StringComparison.Ordinal);
    }
}
