namespace Wickr.Cluster.Protocol.Tests.Identifiers;

/// <summary>The one message-id grammar: 1 to 64 characters of A-Z a-z 0-9 _ -.</summary>
public sealed class MessageIdTests
{
    [Fact]
    public void New_ids_are_22_url_safe_characters_and_distinct()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => MessageId.New()).ToList();
        Assert.Equal(1000, ids.Distinct().Count());
        Assert.All(ids, id =>
        {
            Assert.Equal(22, id.Value.Length);
            Assert.Equal(id, MessageId.Parse(id.Value));
        });
    }

    [Theory]
    [InlineData("a")]
    [InlineData("msg-1_A")]
    [InlineData("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-")]
    public void Ids_of_the_grammar_are_read_as_they_are(string text)
    {
        Assert.True(MessageId.TryParse(text, out var id));
        Assert.Equal(text, id.Value);
        Assert.Equal(text, id.ToString());
        Assert.Null(MessageId.Problem(text));
    }

    [Theory]
    [InlineData(null, "a message id has 1 to 64 characters, not 0")]
    [InlineData("", "a message id has 1 to 64 characters, not 0")]
    [InlineData("has space", "a message id is made of the characters A-Z, a-z, 0-9, '_' and '-'")]
    [InlineData("slash/", "a message id is made of the characters")]
    [InlineData("x.y", "a message id is made of the characters")]
    [InlineData("caf\u00e9", "a message id is made of the characters")]
    [InlineData("tab\t", "a message id is made of the characters")]
    public void Anything_else_is_refused_with_what_is_wrong(string? text, string problem)
    {
        Assert.False(MessageId.TryParse(text, out var id));
        Assert.Equal(default, id);
        Assert.StartsWith(problem, MessageId.Problem(text), StringComparison.Ordinal);
        var error = Assert.Throws<WickrException>(() => MessageId.Parse(text));
        Assert.Equal(WickrError.InvalidArgument, error.Error);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_longest_id_is_the_protocol_limit()
    {
        Assert.Equal(64, ProtocolLimits.MaxMessageIdLength);
        Assert.True(MessageId.TryParse(new string('a', ProtocolLimits.MaxMessageIdLength), out _));
        Assert.Equal("a message id has 1 to 64 characters, not 65", MessageId.Problem(new string('a', ProtocolLimits.MaxMessageIdLength + 1)));
    }

    [Fact]
    public void Equal_text_is_the_same_id_and_case_matters()
    {
        Assert.Equal(MessageId.Parse("abc"), MessageId.Parse("abc"));
        Assert.NotEqual(MessageId.Parse("abc"), MessageId.Parse("ABC"));
    }
}
