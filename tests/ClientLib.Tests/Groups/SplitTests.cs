using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.ClientLib.Tests.Groups;

/// <summary>A send past one packet's recipient limit goes as the fewest packets, balanced; the default request size is the limit.</summary>
public sealed class SplitTests
{
    [Theory]
    [InlineData(1, new[] { 1 })]
    [InlineData(500, new[] { 500 })]
    [InlineData(501, new[] { 251, 250 })]
    [InlineData(1001, new[] { 334, 334, 333 })]
    [InlineData(1500, new[] { 500, 500, 500 })]
    public void Recipients_are_split_into_the_fewest_balanced_packets(int count, int[] sizes)
    {
        var parts = MessageDispatcher.Split(Enumerable.Range(0, count).ToArray(), ProtocolLimits.MaxRecipients);
        Assert.Equal(sizes, parts.Select(p => p.Length));
        Assert.Equal(Enumerable.Range(0, count), parts.SelectMany(p => p));
    }

    [Fact]
    public void No_recipients_make_no_packet_and_a_500_node_send_is_one_request()
    {
        Assert.Empty(MessageDispatcher.Split(Array.Empty<int>(), ProtocolLimits.MaxRecipients));
        Assert.Equal(ProtocolLimits.MaxRecipients, new WickrClientOptions().NodesPerRequest);
        Assert.Equal(ProtocolLimits.MaxRecipients, new WickrClientOptions().RecipientsPerPacket);
        Assert.Throws<ArgumentException>(() => new WickrClientOptions { RecipientsPerPacket = ProtocolLimits.MaxRecipients + 1 }.Validate());
        Assert.Throws<ArgumentException>(() => new WickrClientOptions { RecipientsPerPacket = 0 }.Validate());
    }

    [Fact]
    public void Packets_in_flight_are_bounded_from_one_to_the_maximum()
    {
        Assert.InRange(new WickrClientOptions().SendRequestsInFlight, 2, WickrClientOptions.MaxSendRequestsInFlight);
        new WickrClientOptions { SendRequestsInFlight = 1 }.Validate();
        Assert.Throws<ArgumentException>(() => new WickrClientOptions { SendRequestsInFlight = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new WickrClientOptions { SendRequestsInFlight = WickrClientOptions.MaxSendRequestsInFlight + 1 }.Validate());
    }
}
