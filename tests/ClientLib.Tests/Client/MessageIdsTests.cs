using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.ClientLib.Tests.Client;

/// <summary>Message ids fit the gateway's format and bad ones are refused before anything is sent.</summary>
public sealed class MessageIdsTests
{
    [Fact]
    public void New_ids_are_22_url_safe_characters_and_distinct()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => MessageIds.New()).ToList();
        Assert.Equal(1000, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id =>
        {
            Assert.Equal(22, id.Length);
            MessageIds.Validate(id);
        });
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/")]
    [InlineData("ünï")]
    public void Malformed_ids_are_refused(string id)
    {
        var ex = Assert.Throws<WickrException>(() => MessageIds.Validate(id));
        Assert.Equal(WickrError.InvalidArgument, ex.Error);
    }

    [Fact]
    public void Ids_longer_than_64_characters_are_refused()
    {
        MessageIds.Validate(new string('a', 64));
        Assert.Throws<WickrException>(() => MessageIds.Validate(new string('a', 65)));
    }
}
