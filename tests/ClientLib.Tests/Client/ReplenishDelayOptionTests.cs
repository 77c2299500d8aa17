using Wickr.Cluster.ClientLib.Client;

namespace Wickr.Cluster.ClientLib.Tests.Client;

public sealed class ReplenishDelayOptionTests
{
    [Fact]
    public void A_negative_replenish_delay_is_refused_and_zero_or_more_is_kept()
    {
        var refused = Assert.Throws<ArgumentException>(() => new WickrClientOptions { ReplenishDelay = TimeSpan.FromMilliseconds(-1) }.Validate());
        Assert.Contains("replenish", refused.Message, StringComparison.Ordinal);

        Assert.Equal(TimeSpan.Zero, new WickrClientOptions().ReplenishDelay);
        new WickrClientOptions { ReplenishDelay = TimeSpan.FromSeconds(2) }.Validate();
    }
}
