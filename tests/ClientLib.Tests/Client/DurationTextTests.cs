using Wickr.Cluster.ClientLib.Client;

namespace Wickr.Cluster.ClientLib.Tests.Client;

/// <summary>The one duration parser of wickr and wickr-load: units from milliseconds to days, bare seconds, and refusals.</summary>
public sealed class DurationTextTests
{
    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("1.5h", 5400)]
    [InlineData("7d", 604800)]
    [InlineData("7D", 604800)]
    [InlineData(" 90 ", 90)]
    [InlineData("0", 0)]
    public void A_duration_reads_as_its_seconds(string text, double seconds) => Assert.Equal(TimeSpan.FromSeconds(seconds), DurationText.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5s")]
    [InlineData("1w")]
    [InlineData("s")]
    [InlineData("NaNs")]
    [InlineData("1e300d")]
    public void What_is_not_a_duration_is_null(string text) => Assert.Null(DurationText.Parse(text));
}
