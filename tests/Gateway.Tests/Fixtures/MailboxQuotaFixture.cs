namespace Wickr.Cluster.Gateway.Tests.Fixtures;

/// <summary>
/// A <see cref="GatewayFixture"/> whose silo keeps each sending user's packets in all mailboxes to
/// <see cref="QuotaBytes"/>, granted to a mailbox one packet at a time, so the quota is reached in a few sends.
/// </summary>
public sealed class MailboxQuotaFixture() : GatewayFixture(new Dictionary<string, string?>
{
    ["Grains:Mailbox:QuotaBytesPerUser"] = "65536",
    ["Grains:Mailbox:QuotaGrantBytes"] = "1",
})
{
    /// <summary>What one sending user may keep stored in all mailboxes together.</summary>
    public const long QuotaBytes = 64 * 1024;
}
