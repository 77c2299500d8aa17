namespace Wickr.Cluster.Protocol.Tests.Identifiers;

/// <summary>Root identifiers: 1 to 127 bytes, lowercase hex as text, equal when their bytes are.</summary>
public sealed class RootIdTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(ProtocolSizes.MaxRootIdentifier)]
    public void Every_size_from_1_to_127_is_a_root_id(int size)
    {
        var bytes = Enumerable.Range(0, size).Select(i => (byte)i).ToArray();
        var id = RootId.From(bytes);
        var hex = Convert.ToHexStringLower(bytes);

        Assert.Null(RootId.Problem(size));
        Assert.Equal(hex, id.ToString());
        Assert.Equal(id, RootId.Parse(hex));
        Assert.Equal(id, RootId.Parse(hex.ToUpperInvariant()));
        Assert.Equal(bytes, id.ToArray());
        Assert.True(RootId.IsCanonical(hex));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ProtocolSizes.MaxRootIdentifier + 1)]
    public void Empty_and_longer_ids_are_refused_with_their_size(int size)
    {
        Assert.False(RootId.TryFrom(new byte[size], out _));
        Assert.Equal($"a root identifier has 1 to 127 bytes, not {size}", RootId.Problem(size));
        Assert.Equal(WickrError.InvalidArgument, Assert.Throws<WickrException>(() => RootId.From(new byte[size])).Error);
        Assert.False(RootId.IsCanonical(new string('0', 2 * size)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("0g")]
    public void Text_that_is_not_hex_of_1_to_127_bytes_is_refused(string? text)
    {
        Assert.False(RootId.TryParse(text, out _));
        Assert.Equal(WickrError.InvalidArgument, Assert.Throws<WickrException>(() => RootId.Parse(text)).Error);
    }

    [Fact]
    public void Ids_differing_in_length_or_bytes_differ()
    {
        Assert.NotEqual(RootId.From([1, 2]), RootId.From([1, 2, 0]));
        Assert.NotEqual(RootId.From([1, 2]), RootId.From([1, 3]));
        Assert.Equal(RootId.From([1, 2]), RootId.Parse("0102"));
    }

    [Fact]
    public void The_identity_type_checks_the_same_rule()
    {
        var error = Assert.Throws<WickrException>(() => new Identity.RootIdentity([], null!));
        Assert.Contains(RootId.Problem(0)!, error.Message, StringComparison.Ordinal);
    }
}
